/* hb-session.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * HbSession: one workbench session, without widgets (views bind to it). It owns the
 * host process (through HbHostClient), the ordered list of steps applied with each
 * outcome, and the live models the panes show, all filled from the host's observation
 * batches with one change per model per batch.
 *
 * Models (GListModel of HbJsonItem; each item's data is the host's JSON):
 *   steps      {"index", "step", "outcome" (or null while running), "status", "summary"}
 *   entities   state objects, keyed by entity_id
 *   tasks      live tasks {task_id, name, owner, state, waits_on}
 *   jobs       scheduled jobs {name, group, trigger, next_run, fire_at, status, mode, runs}
 *   calls      recorded API calls {index, method, kwargs, time, step}
 *   events     dispatched bus events {bus_event, report, step}
 *   listeners  {name, description}
 *   errors     failed tasks {task, message, step}
 *   log        {level, domain, message, step}
 *
 * Every operation that talks to the host is async; the session is "busy" while one runs
 * and refuses a second one (HB_SESSION_ERROR_BUSY) rather than queueing user actions.
 */

#define HB_SESSION_ERROR (hb_session_error_quark ())

typedef enum {
  HB_SESSION_ERROR_FAILED = 1,
  HB_SESSION_ERROR_BUSY,
  HB_SESSION_ERROR_NO_APP,
  HB_SESSION_ERROR_INVALID_FILE,
} HbSessionErrorEnum;

GQuark hb_session_error_quark (void);

#define HB_TYPE_SESSION (hb_session_get_type ())
G_DECLARE_FINAL_TYPE (HbSession, hb_session, HB, SESSION, GObject)

HbSession   *hb_session_new               (void);
/* The host command line; default: $HB_HOST_PATH, else the installed hassbench-host. */
void         hb_session_set_host_argv     (HbSession           *self,
                                           const char * const  *argv);

/* Starts a fresh host, loads @app ({"id": ...} or {"module": ..., "type": ...}) with
 * @config and @harness options, starts the harness, fills the models, then applies
 * @steps (nullable; a scenario's steps) one by one. */
void         hb_session_load_async        (HbSession           *self,
                                           JsonObject          *app,
                                           JsonObject          *config,
                                           JsonObject          *harness,
                                           JsonArray           *steps,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     hb_session_load_finish       (HbSession           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* Appends @step to the session and applies it. */
void         hb_session_apply_async       (HbSession           *self,
                                           JsonObject          *step,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Returns (transfer full): the outcome */
JsonObject  *hb_session_apply_finish      (HbSession           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* Restarts the host and re-applies the first @n_steps steps (the rest are dropped). */
void         hb_session_replay_async      (HbSession           *self,
                                           guint                n_steps,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     hb_session_replay_finish     (HbSession           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Inserts @step at @position (clamped to the number of steps) and re-runs the session in
 * a fresh host, so the inserted step and every step after it get fresh outcomes. */
void         hb_session_insert_async      (HbSession           *self,
                                           guint                position,
                                           JsonObject          *step,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     hb_session_insert_finish     (HbSession           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The session as a scenario object (format "hassbench-scenario", version 1). */
JsonObject  *hb_session_to_scenario       (HbSession           *self);
/* Writes the scenario with an atomic replace. */
gboolean     hb_session_save              (HbSession           *self,
                                           GFile               *file,
                                           GError             **error);
GListModel  *hb_session_get_steps         (HbSession           *self);
GListModel  *hb_session_get_entities      (HbSession           *self);
GListModel  *hb_session_get_tasks         (HbSession           *self);
GListModel  *hb_session_get_jobs          (HbSession           *self);
GListModel  *hb_session_get_calls         (HbSession           *self);
GListModel  *hb_session_get_events        (HbSession           *self);
GListModel  *hb_session_get_listeners     (HbSession           *self);
GListModel  *hb_session_get_errors        (HbSession           *self);
GListModel  *hb_session_get_log           (HbSession           *self);

gboolean     hb_session_get_busy          (HbSession           *self);
gboolean     hb_session_get_loaded        (HbSession           *self);
/* (nullable) */
const char  *hb_session_get_app_title     (HbSession           *self);
const char  *hb_session_get_clock_now     (HbSession           *self);
gboolean     hb_session_get_clock_frozen  (HbSession           *self);
const char  *hb_session_get_time_zone     (HbSession           *self);
/* (nullable): the last failure a user should see (host died, step error) */
const char  *hb_session_get_last_error    (HbSession           *self);
void         hb_session_clear_last_error  (HbSession           *self);
/* (transfer none) (nullable): the app's config schema as the host reported it */
JsonArray   *hb_session_get_config_schema (HbSession           *self);
/* (transfer none) (nullable): what was loaded: {"id"} or {"module", "type"}, and its config */
JsonObject  *hb_session_get_app           (HbSession           *self);
JsonObject  *hb_session_get_config        (HbSession           *self);

G_END_DECLS
