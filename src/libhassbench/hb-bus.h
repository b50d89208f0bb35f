/* hb-bus.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-clock.h"
#include "hb-listener.h"
#include "hb-states.h"
#include "hb-task-bucket.h"

G_BEGIN_DECLS

/*
 * HbBus: subscriptions and dispatch for one harness.
 *
 * hb_bus_emit() matches the event against the listeners now and spawns one task per
 * listener that runs (all matched listeners are spawned before any runs; they run from
 * the task bucket's run queue, in route order then priority order). Routes, most specific
 * first: listeners on the exact entity id, then on a glob, then on the bare topic; a
 * listener matching several routes runs once. Lookup goes through an index by entity id,
 * domain and topic, so the cost grows with the listeners that can match, not with all
 * listeners.
 *
 * Listener names are unique per bus (one bus per app): a second listener with a name in
 * use is HB_ERROR_DUPLICATE_NAME, unless added with HB_IF_EXISTS_REPLACE (the old one is
 * removed) or HB_IF_EXISTS_SKIP (the existing one is returned when its configuration is
 * the same; otherwise an error lists what differs).
 *
 * It is a GListModel of the active HbListener, in registration order.
 *
 * Signals:
 *  - ::dispatched (HbEvent *event, JsonObject *report): after matching an event. The
 *    report is {"ran": [names], "filtered": [{"listener", "reason"}],
 *    "skipped": [{"listener", "reason"}], "deferred": [{"listener", "reason"}]} where
 *    filtered means a filter said no ("changed_to: 'off' is not == 'on'"), skipped means
 *    an option (mode, throttle) or a failing predicate dropped the run, and deferred
 *    means the run waits (debounce, duration, a queued mode). Only built when the signal
 *    has a handler.
 *  - ::listener-error (HbListener *listener, HbEvent *event, GError *error): a handler
 *    or predicate failed (after the error handlers ran).
 */

#define HB_TYPE_BUS (hb_bus_get_type ())
G_DECLARE_FINAL_TYPE (HbBus, hb_bus, HB, BUS, GObject)

/**
 * HbBusErrorHandler:
 *
 * The app-level fallback error handler (the reference's bus.on_error), called after a
 * handler or predicate failed. The failure still counts as a drain error.
 */
typedef void (*HbBusErrorHandler) (HbListener   *listener,
                                   HbEvent      *event,
                                   const GError *error,
                                   gpointer      user_data);

/* @states: (nullable): for immediate; @owner: (nullable): owner of the handler tasks,
 * the app's unique name ("bus" when NULL) */
HbBus      *hb_bus_new                   (HbClock       *clock,
                                          HbTaskBucket  *bucket,
                                          HbStates      *states,
                                          const char    *owner);
/**
 * hb_bus_add_listener:
 * @listener: (transfer none): a listener can be added once
 *
 * Validates and activates @listener. The bus takes its own reference; the caller keeps
 * (and releases) its own. With immediate, a state already in the store fires
 * the listener (synthetic event with a null old state, task "bus:immediate_fire") when
 * its filters pass.
 *
 * Returns: (transfer none) (nullable): @listener, or the existing listener for
 *   %HB_IF_EXISTS_SKIP; %NULL with @error set on failure
 */
HbListener *hb_bus_add_listener          (HbBus         *self,
                                          HbListener    *listener,
                                          HbIfExists     if_exists,
                                          GError       **error);
/* Cancels pending debounce/duration timers and the in-flight run. Idempotent. */
void        hb_bus_remove_listener       (HbBus         *self,
                                          HbListener    *listener);
void        hb_bus_remove_all_listeners  (HbBus         *self);
/* (transfer none) (nullable) */
HbListener *hb_bus_lookup_listener       (HbBus         *self,
                                          const char    *name);
guint       hb_bus_get_n_listeners       (HbBus         *self);
GStrv       hb_bus_list_listener_names   (HbBus         *self);
/* Dispatches @event now (see above) and returns the sequence number it was given. */
guint64     hb_bus_emit                  (HbBus         *self,
                                          HbEvent       *event);
/* The app-facing emit: an event with @topic and @data, stamped with the clock's now. */
guint64     hb_bus_emit_topic            (HbBus         *self,
                                          const char    *topic,
                                          JsonObject    *data);
void        hb_bus_set_error_handler     (HbBus            *self,
                                          HbBusErrorHandler handler,
                                          gpointer          user_data,
                                          GDestroyNotify    destroy);
guint64     hb_bus_get_n_events          (HbBus         *self);

G_END_DECLS
