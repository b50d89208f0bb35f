/* hb-api-call.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-types.h"

G_BEGIN_DECLS

/*
 * HbApiCall: one recorded write of the app's api, immutable. @kwargs holds every
 * argument by name, positional ones included, so assertions are by key.
 */

#define HB_TYPE_API_CALL (hb_api_call_get_type ())
G_DECLARE_FINAL_TYPE (HbApiCall, hb_api_call, HB, API_CALL, GObject)

HbApiCall  *hb_api_call_new            (guint        index,
                                        const char  *method,
                                        JsonObject  *kwargs,
                                        gint64       time_usec);
/* 0-based position among all calls since the last reset. */
guint       hb_api_call_get_index      (HbApiCall   *self);
const char *hb_api_call_get_method     (HbApiCall   *self);
/* (transfer none): do not modify */
JsonObject *hb_api_call_get_kwargs     (HbApiCall   *self);
/* Harness clock time of the call. */
gint64      hb_api_call_get_time_usec  (HbApiCall   *self);
/* {"method": ..., "kwargs": {...}} */
JsonObject *hb_api_call_to_json        (HbApiCall   *self);
/* "turn_on(entity_id='light.hallway', domain='light')" */
char       *hb_api_call_describe       (HbApiCall   *self);

G_END_DECLS
