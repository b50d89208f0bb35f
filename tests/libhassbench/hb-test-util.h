/* hb-test-util.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Fixtures the core's tests share: the start instant every test house wakes up at, a
 * harness started there with a config given as JSON text, and stopping it.
 */

#pragma once

#include <hassbench.h>

/* 2024-06-01T07:00:00+00:00 */
#define HB_TEST_T0_UNIX G_GINT64_CONSTANT (1717225200)
#define HB_TEST_T0_USEC (HB_TEST_T0_UNIX * HB_USEC_PER_SECOND)

/* Returns (transfer full): a running harness of @app_type at T0, its config parsed from
 * @config_json (nullable: the app's defaults). */
static inline HbHarness *
hb_test_start_harness (GType       app_type,
                       const char *config_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GDateTime) t0 = g_date_time_new_from_unix_utc (HB_TEST_T0_UNIX);
  HbHarness *harness;

  if (config_json != NULL)
    {
      config = hb_json_object_from_string (config_json, &error);
      g_assert_no_error (error);
    }

  harness = hb_harness_new (app_type, config);
  hb_harness_set_start_time (harness, t0);
  hb_harness_start (harness, &error);
  g_assert_no_error (error);
  g_assert_true (hb_harness_is_running (harness));
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (harness)), ==, HB_TEST_T0_USEC);
  return harness;
}

/* Stops @harness (transfer full), asserting it stopped cleanly, and drops it. */
static inline void
hb_test_stop_harness (HbHarness *harness)
{
  g_autoptr(GError) error = NULL;

  hb_harness_stop (harness, &error);
  g_assert_no_error (error);
  g_object_unref (harness);
}
