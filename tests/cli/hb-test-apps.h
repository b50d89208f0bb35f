/* hb-test-apps.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <hassbench.h>

G_BEGIN_DECLS

/*
 * Apps for the hassbench-cli tests, loaded as a module (hb-test-apps-module.c):
 *
 *  - failing-app: "fail_on_trigger" on input_boolean.fail fails its handler ("boom") when
 *    the new state is "on", turns light.ok on otherwise; a job "tick" every 60 s turns
 *    light.tick on. A deterministic app with a drain error to expect.
 *  - random-app: "randomly" on sensor.random turns light.random on with a brightness from
 *    g_random_int(), which is unseeded: `hassbench-cli check` must catch it.
 *  - crashing-app: "crash" on input_boolean.crash raises SIGSEGV.
 */

#define HB_TYPE_FAILING_APP (hb_failing_app_get_type ())
G_DECLARE_FINAL_TYPE (HbFailingApp, hb_failing_app, HB, FAILING_APP, HbApp)

#define HB_TYPE_RANDOM_APP (hb_random_app_get_type ())
G_DECLARE_FINAL_TYPE (HbRandomApp, hb_random_app, HB, RANDOM_APP, HbApp)

#define HB_TYPE_CRASHING_APP (hb_crashing_app_get_type ())
G_DECLARE_FINAL_TYPE (HbCrashingApp, hb_crashing_app, HB, CRASHING_APP, HbApp)

G_END_DECLS
