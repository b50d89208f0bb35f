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
 *   steps      {"index", "step", "outcome" (null until applied once), "status", "summary",
 *               "applied", "enabled", "changed", "previous_outcome" (only when changed)}
 *              status: "ahead" (never applied), "running", "ok", "failed", "error" (the
 *              host refused the step or died), "disabled"
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
 *
 * The cursor (time travel). The steps list holds the steps applied now and, after the
 * "cursor" (a count of rows), steps ahead: in the list but not applied now ("applied":
 * false), keeping the outcome recorded when they last ran. Seeking moves the cursor:
 * back, a fresh host replays the rows before the target (the clock, states, jobs, tasks
 * and calls all come from that replay); forward, the rows ahead are applied to the
 * running host. Disabled rows ("enabled": false) stay in the list and are passed over.
 * Runs (load, seek, replay, insert, rerun, reload, restore) set "replaying", report
 * "progress" (0..1) and check their cancellable between steps, never during one: a
 * cancelled run ends with G_IO_ERROR_CANCELLED, the house as after the last step it
 * applied and the cursor there, the rest ahead; cancelled before the host started, the
 * session is not "loaded" (seek again to get a house).
 *
 * Applying a step while steps are ahead forks: the rows ahead are set aside as the
 * alternative ("n-alternative"), which a restore swaps back (the fork's own steps then
 * become the alternative) and a discard drops. There is one alternative: a second fork
 * replaces it.
 *
 * Every replayed row's outcome is compared with the one recorded before. Rows at or after
 * an edit (a step enabled, disabled, moved or inserted) or after a module reload get
 * "changed": true and "previous_outcome" when it differs; a difference under an unchanged
 * prefix is non-determinism, named in "nondeterminism".
 *
 * An app loaded from a module file is watched: when the file changes (and then stays
 * quiet for a moment) "module-changed" goes TRUE; hb_session_reload_module_async() takes it.
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
/* Loads like hb_session_load_async() but applies none of @steps: they are all ahead,
 * for stepping through (hb_session_seek_async() with the cursor + 1). Finish with
 * hb_session_load_finish(). */
void         hb_session_load_step_through_async (HbSession           *self,
                                                 JsonObject          *app,
                                                 JsonObject          *config,
                                                 JsonObject          *harness,
                                                 JsonArray           *steps,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* Appends @step to the session and applies it. With steps ahead of the cursor this
 * forks: they become the alternative. */
void         hb_session_apply_async       (HbSession           *self,
                                           JsonObject          *step,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Returns (transfer full): the outcome */
JsonObject  *hb_session_apply_finish      (HbSession           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* Shows the house as after the first @n_applied rows (clamped to the list): forward from
 * the current house when it is up to date, else from a fresh host. Later rows stay, ahead.
 * Seeking to where the cursor already is returns at once. */
void         hb_session_seek_async        (HbSession           *self,
                                           guint                n_applied,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     hb_session_seek_finish       (HbSession           *self,
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

/* Edits: refused while busy (HB_SESSION_ERROR_BUSY). They change the list only; rows from
 * the edited one on are "stale" until hb_session_rerun_async() replays them. Moving keeps
 * the cursor's count: the first cursor rows are the applied ones after the rerun. */
gboolean     hb_session_set_step_enabled  (HbSession           *self,
                                           guint                index,
                                           gboolean             enabled,
                                           GError             **error);
gboolean     hb_session_move_step         (HbSession           *self,
                                           guint                index,
                                           guint                new_index,
                                           GError             **error);
/* Replays up to the cursor in a fresh host when an edit touched an applied row (returns
 * at once otherwise), marking changed outcomes. */
void         hb_session_rerun_async       (HbSession           *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     hb_session_rerun_finish      (HbSession           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* Loads the module file again in a fresh host and replays up to the cursor; every
 * outcome that differs from the old code's is marked changed. Finish with
 * hb_session_rerun_finish(). */
void         hb_session_reload_module_async (HbSession           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean     hb_session_get_module_changed  (HbSession           *self);
void         hb_session_dismiss_module_change (HbSession         *self);

/* The alternative branch a fork set aside. Restoring swaps it with the steps after the
 * fork point and shows the house at the fork point, the restored steps ahead. */
guint        hb_session_get_n_alternative (HbSession           *self);
/* (transfer full): the alternative's rows, a snapshot */
GListModel  *hb_session_dup_alternative   (HbSession           *self);
void         hb_session_restore_alternative_async  (HbSession           *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean     hb_session_restore_alternative_finish (HbSession           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void         hb_session_discard_alternative (HbSession         *self);
/* Where the alternative was set aside: the number of rows before the fork (0 without one). */
guint        hb_session_get_alternative_at (HbSession          *self);

/* Restores a session exactly as it was (a journal's, after a crash). Loads @app like
 * hb_session_load_async() with @rows as the steps list, each a JSON object {"step": {...},
 * "enabled": bool (default true), "outcome": {...} or null (recorded when it last ran)};
 * replays the first @cursor rows in a fresh host (disabled ones passed over), the rest
 * stay ahead with their outcomes; @alternative (nullable, rows of the same shape) becomes
 * the alternative branch set aside at @alternative_at. Replayed rows compare their
 * outcomes with the recorded ones as any replay does. Finish with hb_session_load_finish(). */
void         hb_session_restore_async     (HbSession           *self,
                                           JsonObject          *app,
                                           JsonObject          *config,
                                           JsonObject          *harness,
                                           JsonArray           *rows,
                                           guint                cursor,
                                           JsonArray           *alternative,
                                           guint                alternative_at,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);

/* The session as a scenario object (format "hassbench-scenario", version 1): every
 * enabled step, applied or ahead; disabled steps are left out. */
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
/* The number of rows applied now (rows after it are ahead). */
guint        hb_session_get_cursor        (HbSession           *self);
/* A run's progress, 0..1, while "replaying" */
double       hb_session_get_progress      (HbSession           *self);
gboolean     hb_session_get_replaying     (HbSession           *self);
/* (nullable): "Step 4 (simulate_state_change) gave a different outcome on replay: ..." */
const char  *hb_session_get_nondeterminism   (HbSession        *self);
void         hb_session_clear_nondeterminism (HbSession        *self);
gboolean     hb_session_get_loaded        (HbSession           *self);
/* (nullable) */
const char  *hb_session_get_app_title     (HbSession           *self);
const char  *hb_session_get_clock_now     (HbSession           *self);
gboolean     hb_session_get_clock_frozen  (HbSession           *self);
const char  *hb_session_get_time_zone     (HbSession           *self);
/* Stops the host at once (its window is closing): an operation in flight finishes with an
 * error instead of waiting for the app, however long it would take. */
void         hb_session_close             (HbSession           *self);
/* TRUE once the host died or was stopped for hanging: only a restart (replay) goes on. */
gboolean     hb_session_get_host_exited   (HbSession           *self);
/* (nullable): the last failure a user should see (host died, step error) */
const char  *hb_session_get_last_error    (HbSession           *self);
void         hb_session_clear_last_error  (HbSession           *self);
/* (transfer none) (nullable): the app's config schema as the host reported it */
JsonArray   *hb_session_get_config_schema (HbSession           *self);
/* (transfer none) (nullable): the states the app's module offers for exploring it (the
 * "states" of a set_states step) */
JsonObject  *hb_session_get_example_house (HbSession           *self);
/* (transfer none) (nullable): what was loaded: {"id"} or {"module", "type"}, and its config */
JsonObject  *hb_session_get_app           (HbSession           *self);
JsonObject  *hb_session_get_config        (HbSession           *self);

G_END_DECLS
