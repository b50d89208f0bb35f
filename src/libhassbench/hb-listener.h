/* hb-listener.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-predicate.h"
#include "hb-task.h"

G_BEGIN_DECLS

/*
 * HbListener: one subscription. Make it with a constructor, configure it with the
 * setters, then hand it to hb_bus_add_listener(), which validates the whole
 * configuration (name, globs, incompatible options) and makes it routable. Setters may
 * only be called before the listener is added.
 *
 * Filters for state and attribute listeners, in this order:
 *  - changed (default TRUE): old value != new value (MISSING counts as a value); FALSE
 *    means no change filter; or a comparison condition on (old, new)
 *  - changed_from / changed_to: conditions on the old / new value (raw state strings)
 *  - where: predicates, ANDed
 * Attribute listeners read attributes[attr] instead of the state; when old_state is null,
 * "changed" means the attribute is present on the new state.
 *
 * Options: once, debounce (seconds), throttle (seconds), duration (seconds), mode
 * (default single), priority (higher first), immediate. All times are harness clock
 * time. once excludes debounce and throttle; debounce excludes throttle; duration and
 * immediate are for state and attribute listeners on one entity (no glob) and duration
 * excludes debounce and throttle. A duration hold restarts on each matching event and is
 * cancelled by any later event for the entity whose new value fails changed_to or one of
 * the where predicates that do not read the old state (a transition test such as
 * state_from is not re-asked while the state holds).
 *
 * Task names: "handler:<name>" for a run, "handler:debounce" for a pending debounce,
 * "bus:duration_timer" for a duration hold, "bus:immediate_fire" for an immediate run.
 */

#define HB_TYPE_LISTENER (hb_listener_get_type ())
G_DECLARE_FINAL_TYPE (HbListener, hb_listener, HB, LISTENER, GObject)

/**
 * HbHandlerFunc:
 * @event: the event that triggered the run (for debounce: the latest one)
 * @task: the run's task; hold, sleep or await on it to finish later
 * @user_data: the handler's data
 * @error: return location for the handler's failure
 *
 * Returns: %FALSE with @error set when the handler fails. A failure is a drain error.
 */
typedef gboolean (*HbHandlerFunc) (HbEvent   *event,
                                   HbTask    *task,
                                   gpointer   user_data,
                                   GError   **error);

typedef enum {
  HB_LISTENER_STATE_CHANGE,
  HB_LISTENER_ATTRIBUTE_CHANGE,
  HB_LISTENER_CALL_SERVICE,
  HB_LISTENER_TOPIC,
} HbListenerKind;

HbListener     *hb_listener_new_state_change      (const char    *name,
                                                   const char    *entity_id);
HbListener     *hb_listener_new_attribute_change  (const char    *name,
                                                   const char    *entity_id,
                                                   const char    *attribute);
/* @domain, @service: (nullable): globs allowed; NULL matches any */
HbListener     *hb_listener_new_call_service      (const char    *name,
                                                   const char    *domain,
                                                   const char    *service);
/* Any topic ("hassette.event.service_status"); globs allowed ('*' crosses dots). */
HbListener     *hb_listener_new_topic             (const char    *name,
                                                   const char    *topic);
/* Framework conveniences; a NULL filter matches any. */
HbListener     *hb_listener_new_component_loaded  (const char    *name,
                                                   const char    *component);
HbListener     *hb_listener_new_service_registered (const char   *name,
                                                    const char   *domain,
                                                    const char   *service);
/* "start", "stop" or "restart": a call_service listener on homeassistant.<what> */
HbListener     *hb_listener_new_homeassistant     (const char    *name,
                                                   const char    *what);
/* @status: (nullable): "failed", "crashed", "running", ...; NULL matches any */
HbListener     *hb_listener_new_service_status    (const char    *name,
                                                   const char    *status);
HbListener     *hb_listener_new_websocket         (const char    *name,
                                                   gboolean       connected);
HbListener     *hb_listener_new_app_state_changed (const char    *name,
                                                   const char    *app_key,
                                                   const char    *status);

void            hb_listener_set_handler           (HbListener    *self,
                                                   HbHandlerFunc  handler,
                                                   gpointer       user_data,
                                                   GDestroyNotify destroy);
void            hb_listener_set_changed           (HbListener    *self,
                                                   gboolean       changed);
/* Takes ownership of a two-value condition. */
void            hb_listener_set_changed_comparison (HbListener   *self,
                                                    HbCondition  *comparison);
/* Take ownership. */
void            hb_listener_set_changed_from      (HbListener    *self,
                                                   HbCondition   *condition);
void            hb_listener_set_changed_to        (HbListener    *self,
                                                   HbCondition   *condition);
void            hb_listener_add_where             (HbListener    *self,
                                                   HbPredicate   *predicate);
void            hb_listener_set_once              (HbListener    *self,
                                                   gboolean       once);
void            hb_listener_set_debounce          (HbListener    *self,
                                                   double         seconds);
void            hb_listener_set_throttle          (HbListener    *self,
                                                   double         seconds);
void            hb_listener_set_duration          (HbListener    *self,
                                                   double         seconds);
void            hb_listener_set_mode              (HbListener    *self,
                                                   HbMode         mode);
void            hb_listener_set_priority          (HbListener    *self,
                                                   int            priority);
void            hb_listener_set_immediate         (HbListener    *self,
                                                   gboolean       immediate);

const char     *hb_listener_get_name              (HbListener    *self);
HbListenerKind  hb_listener_get_kind              (HbListener    *self);
/* The owner (app unique name) once added. */
const char     *hb_listener_get_owner             (HbListener    *self);
/* The topic pattern: "hass.event.state_changed.light.kitchen", "hass.event.call_service" */
const char     *hb_listener_get_topic             (HbListener    *self);
/* (nullable): the entity id or glob of state/attribute listeners */
const char     *hb_listener_get_entity_id         (HbListener    *self);
const char     *hb_listener_get_attribute         (HbListener    *self);
HbMode          hb_listener_get_mode              (HbListener    *self);
int             hb_listener_get_priority          (HbListener    *self);
gboolean        hb_listener_get_once              (HbListener    *self);
double          hb_listener_get_debounce          (HbListener    *self);
double          hb_listener_get_throttle          (HbListener    *self);
double          hb_listener_get_duration          (HbListener    *self);
/* TRUE between hb_bus_add_listener() and removal (a fired once-listener is removed). */
gboolean        hb_listener_is_active             (HbListener    *self);
/* Handler runs started, and events that reached the listener but were filtered out. */
guint64         hb_listener_get_n_runs            (HbListener    *self);
guint64         hb_listener_get_n_filtered        (HbListener    *self);
/* One line: "state_change binary_sensor.x changed_to == 'on' mode=single" */
char           *hb_listener_describe              (HbListener    *self);

G_END_DECLS
