/* hb-recording-api.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-api-call.h"
#include "hb-clock.h"
#include "hb-states.h"

G_BEGIN_DECLS

/*
 * HbRecordingApi: the app's `api` under test. Writes are recorded (never sent anywhere,
 * never echoed onto the bus) as HbApiCall with every argument in kwargs:
 *
 *   turn_on/turn_off/toggle  {entity_id, domain (given, else the entity's prefix), ...data}
 *   call_service             {domain, service, target (null when none), return_response, ...data}
 *   set_state                {entity_id, state, attributes}
 *   fire_event               {event_type, event_data (null when none)}
 *   notify                   {message, notifier ("notify.x" normalised to "x"), title, data}
 *   create_<domain>          the helper params given
 *   update_<domain>          {helper_id, ...params}
 *   delete_<domain>          {helper_id}
 *   counter increment/decrement/reset: call_service {domain "counter", service,
 *                            target {entity_id}, return_response true}
 *
 * Reads answer from HbStates; an unseeded entity is HB_ERROR_NOT_FOUND.
 *
 * Assertions return FALSE with an HB_ASSERTION_ERROR whose message names the closest
 * call and its missing, mismatched and extra keys, and lists the calls recorded. Method
 * names are checked against the recordable set (HB_ASSERTION_ERROR_UNKNOWN_METHOD with a
 * "did you mean"); for closed signatures (set_state, fire_event, notify, helper methods)
 * unknown keys are HB_ASSERTION_ERROR_UNKNOWN_KEY. Each assertion has a `_json` twin
 * taking the kwargs as JSON text.
 *
 * It is a GListModel of HbApiCall, in call order; ::call-recorded (HbApiCall*) is
 * emitted for each.
 */

#define HB_TYPE_RECORDING_API (hb_recording_api_get_type ())
G_DECLARE_FINAL_TYPE (HbRecordingApi, hb_recording_api, HB, RECORDING_API, GObject)

HbRecordingApi *hb_recording_api_new           (HbStates        *states,
                                                HbClock         *clock);

/* Writes. @data, @target, @attributes: (nullable), copied. A @data member named like an
 * argument ("entity_id"/"domain" for turn_on, "domain"/"service"/"target"/
 * "return_response" for call_service) is HB_ERROR_INVALID_ARGUMENT, never a silent
 * overwrite. A write that fails records nothing. */
gboolean    hb_recording_api_turn_on           (HbRecordingApi  *self,
                                                const char      *entity_id,
                                                const char      *domain,
                                                JsonObject      *data,
                                                GError         **error);
gboolean    hb_recording_api_turn_off          (HbRecordingApi  *self,
                                                const char      *entity_id,
                                                const char      *domain,
                                                JsonObject      *data,
                                                GError         **error);
gboolean    hb_recording_api_toggle            (HbRecordingApi  *self,
                                                const char      *entity_id,
                                                const char      *domain,
                                                JsonObject      *data,
                                                GError         **error);
gboolean    hb_recording_api_call_service      (HbRecordingApi  *self,
                                                const char      *domain,
                                                const char      *service,
                                                JsonObject      *target,
                                                gboolean         return_response,
                                                JsonObject      *data,
                                                GError         **error);
gboolean    hb_recording_api_set_state         (HbRecordingApi  *self,
                                                const char      *entity_id,
                                                const char      *state,
                                                JsonObject      *attributes,
                                                GError         **error);
gboolean    hb_recording_api_fire_event        (HbRecordingApi  *self,
                                                const char      *event_type,
                                                JsonObject      *event_data,
                                                GError         **error);
/* @notifier: "x" or "notify.x"; blank or another domain is HB_ERROR_INVALID_ARGUMENT */
gboolean    hb_recording_api_notify            (HbRecordingApi  *self,
                                                const char      *message,
                                                const char      *notifier,
                                                const char      *title,
                                                JsonObject      *data,
                                                GError         **error);

/* Helpers (input_boolean, input_number, input_text, input_select, input_datetime,
 * input_button, counter, timer). Records are JSON objects with an "id". */
gboolean    hb_recording_api_seed_helper       (HbRecordingApi  *self,
                                                const char      *domain,
                                                JsonObject      *record,
                                                GError         **error);
/* Returns (transfer full): a copy of the new record (id from the slugified name). */
JsonObject *hb_recording_api_create_helper     (HbRecordingApi  *self,
                                                const char      *domain,
                                                JsonObject      *params,
                                                GError         **error);
JsonObject *hb_recording_api_update_helper     (HbRecordingApi  *self,
                                                const char      *domain,
                                                const char      *helper_id,
                                                JsonObject      *params,
                                                GError         **error);
gboolean    hb_recording_api_delete_helper     (HbRecordingApi  *self,
                                                const char      *domain,
                                                const char      *helper_id,
                                                GError         **error);
/* (transfer full): copies of the records of @domain, in creation order. @domain must be a
 * helper domain. */
JsonArray  *hb_recording_api_list_helpers      (HbRecordingApi  *self,
                                                const char      *domain);
/* @service: "increment", "decrement" or "reset" */
gboolean    hb_recording_api_counter           (HbRecordingApi  *self,
                                                const char      *entity_id,
                                                const char      *service,
                                                GError         **error);

/* Reads. The states are (transfer none), owned by the HbStates: valid until that entity's
 * state is next replaced or removed; take a reference to keep one longer. */
HbState    *hb_recording_api_get_state         (HbRecordingApi  *self,
                                                const char      *entity_id,
                                                GError         **error);
HbState    *hb_recording_api_get_state_or_none (HbRecordingApi  *self,
                                                const char      *entity_id);
gboolean    hb_recording_api_entity_exists     (HbRecordingApi  *self,
                                                const char      *entity_id);

/* Inspection. (transfer container) (element-type HbApiCall): the array holds its own
 * references (free it with g_ptr_array_unref), so it keeps its calls across reset(). */
GPtrArray  *hb_recording_api_get_calls         (HbRecordingApi  *self,
                                                const char      *method);
guint       hb_recording_api_get_n_calls       (HbRecordingApi  *self);
/* A checkpoint: the number of calls so far. Later calls are "since" it. */
guint       hb_recording_api_mark              (HbRecordingApi  *self);
GPtrArray  *hb_recording_api_get_calls_since   (HbRecordingApi  *self,
                                                guint            mark,
                                                const char      *method);
/* Empties the calls and the helper store. Call objects taken before keep their contents. */
void        hb_recording_api_reset             (HbRecordingApi  *self);

/* Assertions. @kwargs: (nullable). Partial: every given pair present and equal. */
gboolean    hb_recording_api_assert_called     (HbRecordingApi  *self,
                                                const char      *method,
                                                JsonObject      *kwargs,
                                                GError         **error);
gboolean    hb_recording_api_assert_called_exact (HbRecordingApi *self,
                                                  const char     *method,
                                                  JsonObject     *kwargs,
                                                  GError        **error);
/* No call at all, or (with @kwargs) no partially matching call. */
gboolean    hb_recording_api_assert_not_called (HbRecordingApi  *self,
                                                const char      *method,
                                                JsonObject      *kwargs,
                                                GError         **error);
gboolean    hb_recording_api_assert_call_count (HbRecordingApi  *self,
                                                const char      *method,
                                                guint            count,
                                                JsonObject      *kwargs,
                                                GError         **error);
/**
 * hb_recording_api_assert_sequence:
 * @since: a mark; only calls after it count
 * @expected: a JSON array of {"method": m, "kwargs": {...}} (kwargs partial, optional)
 *
 * The expected calls happened in this order (others may come between).
 */
gboolean    hb_recording_api_assert_sequence   (HbRecordingApi  *self,
                                                guint            since,
                                                JsonArray       *expected,
                                                GError         **error);

/* The same with JSON text (NULL for none): `{"entity_id": "light.hallway"}`. A parse
 * error is HB_ERROR_INVALID_JSON. */
gboolean    hb_recording_api_assert_called_json       (HbRecordingApi *self,
                                                       const char     *method,
                                                       const char     *kwargs_json,
                                                       GError        **error);
gboolean    hb_recording_api_assert_called_exact_json (HbRecordingApi *self,
                                                       const char     *method,
                                                       const char     *kwargs_json,
                                                       GError        **error);
gboolean    hb_recording_api_assert_not_called_json   (HbRecordingApi *self,
                                                       const char     *method,
                                                       const char     *kwargs_json,
                                                       GError        **error);
gboolean    hb_recording_api_assert_call_count_json   (HbRecordingApi *self,
                                                       const char     *method,
                                                       guint           count,
                                                       const char     *kwargs_json,
                                                       GError        **error);
gboolean    hb_recording_api_assert_sequence_json     (HbRecordingApi *self,
                                                       guint           since,
                                                       const char     *expected_json,
                                                       GError        **error);
/* TRUE for the names that can be recorded (turn_on, call_service, create_counter, ...). */
gboolean    hb_recording_api_is_method         (const char      *method);

G_END_DECLS
