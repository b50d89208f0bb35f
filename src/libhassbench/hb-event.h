/* hb-event.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-state.h"

G_BEGIN_DECLS

/*
 * HbEvent: one bus event, immutable. The topic is "hass.event.<event_type>" for Home
 * Assistant events (state_changed, call_service, component_loaded, ...) and
 * "hassette.event.<name>" for framework events (service_status, websocket_connected,
 * app_state_changed, ...). Data is a JSON object: for state_changed
 * {entity_id, old_state, new_state} (either state may be null), for call_service
 * {domain, service, service_data}.
 */

#define HB_TOPIC_STATE_CHANGED       "hass.event.state_changed"
#define HB_TOPIC_CALL_SERVICE        "hass.event.call_service"
#define HB_TOPIC_COMPONENT_LOADED    "hass.event.component_loaded"
#define HB_TOPIC_SERVICE_REGISTERED  "hass.event.service_registered"
#define HB_TOPIC_SERVICE_STATUS      "hassette.event.service_status"
#define HB_TOPIC_WEBSOCKET_CONNECTED "hassette.event.websocket_connected"
#define HB_TOPIC_WEBSOCKET_DISCONNECTED "hassette.event.websocket_disconnected"
#define HB_TOPIC_APP_STATE_CHANGED   "hassette.event.app_state_changed"

#define HB_TYPE_EVENT (hb_event_get_type ())
G_DECLARE_FINAL_TYPE (HbEvent, hb_event, HB, EVENT, GObject)

/**
 * hb_event_new:
 * @topic: the full topic
 * @data: (nullable): copied; %NULL means {}
 * @time_fired: ISO 8601 instant (the harness clock's now)
 * @origin: "LOCAL" for Home Assistant events, "HASSETTE" for framework events
 * @context_id: (nullable): %NULL for none
 */
HbEvent    *hb_event_new                  (const char  *topic,
                                           JsonObject  *data,
                                           const char  *time_fired,
                                           const char  *origin,
                                           const char  *context_id);
/* A state_changed event; either state may be NULL (created / removed entity). */
HbEvent    *hb_event_new_state_changed    (const char  *entity_id,
                                           HbState     *old_state,
                                           HbState     *new_state,
                                           const char  *time_fired,
                                           const char  *context_id);
HbEvent    *hb_event_new_call_service     (const char  *domain,
                                           const char  *service,
                                           JsonObject  *service_data,
                                           const char  *time_fired,
                                           const char  *context_id);
const char *hb_event_get_topic            (HbEvent     *self);
/* The topic's last part: "state_changed", "service_status", ... */
const char *hb_event_get_event_type       (HbEvent     *self);
/* (transfer none): never NULL */
JsonObject *hb_event_get_data             (HbEvent     *self);
const char *hb_event_get_time_fired       (HbEvent     *self);
const char *hb_event_get_origin           (HbEvent     *self);
const char *hb_event_get_context_id       (HbEvent     *self);
/* Sequence number given by the bus when the event was emitted (0 before). */
guint64     hb_event_get_seq              (HbEvent     *self);
/* state_changed: data.entity_id; call_service: service_data.entity_id when a string. */
const char *hb_event_get_entity_id        (HbEvent     *self);
/* state_changed: entity prefix; call_service: data.domain. */
const char *hb_event_get_domain           (HbEvent     *self);
/* call_service only: data.service */
const char *hb_event_get_service          (HbEvent     *self);
/* call_service only: (transfer none) (nullable) data.service_data */
JsonObject *hb_event_get_service_data     (HbEvent     *self);
/* state_changed only: (transfer none) (nullable), parsed once */
HbState    *hb_event_get_old_state        (HbEvent     *self);
HbState    *hb_event_get_new_state        (HbEvent     *self);
/* {topic, event_type, data, time_fired, origin, context} */
JsonObject *hb_event_to_json              (HbEvent     *self);

G_END_DECLS
