/* hb-session-run.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>
#include <string.h>

#include "hb-session-private.h"

/*
 * Runs: loading, replaying and seeking are one chain of host calls on one GTask.
 *
 *   [fresh host: spawn -> hello -> load -> start (snapshot)] -> apply row next .. target-1
 *
 * A run applies the rows of the steps model in place: it never removes or re-creates
 * them, so a selected row stays selected while the house is rebuilt under it.
 */
typedef struct
{
  guint target;   /* the cursor when the run ends */
  guint next;     /* the next row to apply */
  guint n_done;
  guint n_total;  /* for progress: the rows to apply, plus one for a fresh host's start */
} RunData;

static void
exited_cb (HbHostClient *host,
           HbSession    *self)
{
  g_autofree char *why = hb_host_client_describe_exit (host);
  g_autofree char *message = g_strdup_printf (_("%s Restart and replay to continue."), why);

  self->host_exited = TRUE;
  _hb_session_set_last_error (self, message);
}

void
_hb_session_drop_host (HbSession *self)
{
  if (self->host == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->host, self);
  hb_host_client_terminate (self->host);
  g_clear_object (&self->host);
}

/* A whole calls list can be long: its start says enough to find it. Cut in place at 117
 * characters of 120 or more (an ellipsis takes the room of the last three). */
static void
shorten (char *text)
{
  if (g_utf8_strlen (text, -1) > 120)
    strcpy (g_utf8_offset_to_pointer (text, 117), "…");
}

/* "'calls' was [...], now [...]": the first top-level member that differs. */
static char *
describe_difference (JsonObject *recorded,
                     JsonObject *outcome)
{
  g_autoptr(GList) names = json_object_get_members (recorded);
  g_autoptr(GList) more = json_object_get_members (outcome);

  names = g_list_concat (g_steal_pointer (&names), g_steal_pointer (&more));
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *a = json_object_get_member (recorded, l->data);
      JsonNode *b = json_object_get_member (outcome, l->data);
      g_autofree char *was = NULL;
      g_autofree char *now = NULL;

      if (a != NULL && b != NULL && hb_json_equal (a, b))
        continue;
      was = a != NULL ? hb_json_to_string (a) : g_strdup (_("(absent)"));
      now = b != NULL ? hb_json_to_string (b) : g_strdup (_("(absent)"));
      shorten (was);
      shorten (now);
      return g_strdup_printf (_("'%s' was %s, now %s"), (const char *) l->data, was, now);
    }
  return g_strdup (_("the outcomes differ"));
}

/*
 * Row @i was just applied with @outcome (NULL when the host failed). Against the outcome
 * recorded before: under an unchanged prefix a difference is non-determinism; after an
 * edit (or a module reload) it is the edit's effect, kept as "changed" with the previous
 * outcome.
 */
void
_hb_session_record_outcome (HbSession  *self,
                            guint       i,
                            JsonObject *outcome,
                            const char *status,
                            const char *summary)
{
  HbJsonItem *item = _hb_session_row_item (self, i);
  JsonObject *row = hb_json_item_get_data (item);
  JsonObject *recorded = _hb_session_row_outcome (row);
  gboolean stale = i >= self->stale_from;
  g_autoptr(JsonObject) copy = _hb_session_row_copy (row);

  json_object_set_boolean_member (copy, "applied", TRUE);
  json_object_set_string_member (copy, "status", status);
  json_object_set_string_member (copy, "summary", summary ? summary : "");
  if (outcome != NULL)
    json_object_set_object_member (copy, "outcome", json_object_ref (outcome));
  else
    json_object_set_null_member (copy, "outcome");

  if (recorded != NULL && outcome != NULL && !hb_json_object_equal (recorded, outcome))
    {
      json_object_set_boolean_member (copy, "changed", TRUE);
      json_object_set_object_member (copy, "previous_outcome", json_object_ref (recorded));
      if (!stale && self->nondeterminism == NULL)
        {
          g_autofree char *difference = describe_difference (recorded, outcome);
          g_autofree char *message =
            g_strdup_printf (_("Step %u (%s) gave a different outcome on replay: %s"), i + 1,
                             json_object_get_string_member_with_default (
                               _hb_session_row_step (row), "kind", "?"),
                             difference);

          _hb_session_set_string (self, &self->nondeterminism, message, PROP_NONDETERMINISM);
        }
    }
  else if (stale && recorded != NULL && outcome != NULL)
    {
      json_object_set_boolean_member (copy, "changed", FALSE);
      json_object_remove_member (copy, "previous_outcome");
    }

  hb_json_item_set_data (item, copy);

  /* This row's outcome now belongs to the current prefix. */
  if (stale)
    self->stale_from = i + 1 < _hb_session_n_rows (self) ? i + 1 : G_MAXUINT;
}

static void
run_finish (GTask  *task,
            GError *error)
{
  HbSession *self = g_task_get_source_object (task);

  self->current_step = -1;
  _hb_session_set_boolean (self, &self->replaying, FALSE, PROP_REPLAYING);
  _hb_session_set_busy (self, FALSE);

  if (error == NULL)
    {
      _hb_session_set_progress (self, 1.0);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _hb_session_set_last_error (self, error->message);
  g_task_return_error (task, error);
}

static void run_next (GTask *task);

static void
run_apply_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HbSession *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) res = hb_host_client_call_finish (HB_HOST_CLIENT (object), result, &error);
  JsonObject *outcome = res ? json_object_get_object_member (res, "outcome") : NULL;

  if (res == NULL)
    {
      _hb_session_record_outcome (self, data->next, NULL, "error", error->message);
      _hb_session_set_cursor (self, data->next + 1);
      run_finish (task, g_steal_pointer (&error));
      return;
    }

  _hb_session_record_outcome (self, data->next, outcome,
                              outcome ? _hb_session_outcome_status (outcome) : "ok",
                              outcome ? _hb_session_outcome_summary (outcome) : "");
  data->next++;
  data->n_done++;
  _hb_session_set_cursor (self, data->next);
  _hb_session_set_progress (self, data->n_total > 0 ? (double) data->n_done / data->n_total : 1.0);
  run_next (g_steal_pointer (&task));
}

static void
run_next (GTask *task)
{
  HbSession *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) params = NULL;
  JsonObject *row;

  data->target = MIN (data->target, _hb_session_n_rows (self));

  /* Disabled rows stay in the list, behind the cursor, never sent to the host. */
  while (data->next < data->target &&
         !_hb_session_row_enabled (hb_json_item_get_data (_hb_session_row_item (self, data->next))))
    {
      _hb_session_mark_row (self, data->next, TRUE, "disabled");
      data->next++;
      _hb_session_set_cursor (self, data->next);
    }

  if (data->next >= data->target)
    {
      run_finish (task, NULL);
      g_object_unref (task);
      return;
    }

  /* Checked between steps, never during one: the step in flight completes, so the host's
   * house and the list agree on what was applied. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      run_finish (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("Replay cancelled after step %u"), data->next));
      g_object_unref (task);
      return;
    }

  row = hb_json_item_get_data (_hb_session_row_item (self, data->next));
  params = json_object_new ();
  json_object_set_object_member (params, "step", json_object_ref (_hb_session_row_step (row)));
  _hb_session_mark_row (self, data->next, FALSE, "running");
  self->current_step = data->next;
  hb_host_client_call_async (self->host, "apply", params, CALL_DEADLINE, NULL, run_apply_cb, task);
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HbSession *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) snapshot = hb_host_client_call_finish (HB_HOST_CLIENT (object), result,
                                                               &error);

  if (snapshot == NULL)
    {
      run_finish (task, g_steal_pointer (&error));
      return;
    }

  _hb_session_apply_snapshot (self, snapshot);
  _hb_session_set_boolean (self, &self->loaded, TRUE, PROP_LOADED);
  data->n_done++;
  _hb_session_set_progress (self, (double) data->n_done / data->n_total);
  run_next (g_steal_pointer (&task));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HbSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) res = hb_host_client_call_finish (HB_HOST_CLIENT (object), result, &error);
  JsonObject *app;
  GCancellable *cancellable;

  if (res == NULL)
    {
      run_finish (task, g_steal_pointer (&error));
      return;
    }

  /* Keep the options in force (the start time the host chose, say): a replay and a saved
   * scenario must start the clock exactly where this session did. */
  if (json_object_has_member (res, "harness") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (res, "harness")))
    {
      g_clear_pointer (&self->harness, json_object_unref);
      self->harness = json_object_ref (json_object_get_object_member (res, "harness"));
    }

  app = json_object_get_object_member (res, "app");
  if (app != NULL)
    {
      _hb_session_set_string (self, &self->app_title,
                              json_object_get_string_member_with_default (app, "display_name",
                                                                          NULL),
                              PROP_APP_TITLE);
      g_clear_pointer (&self->config_schema, json_array_unref);
      if (json_object_has_member (app, "config_schema"))
        self->config_schema = json_array_ref (json_object_get_array_member (app,
                                                                            "config_schema"));
      g_clear_pointer (&self->example_house, json_object_unref);
      if (json_object_has_member (app, "example_house") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (app, "example_house")))
        self->example_house = json_object_ref (json_object_get_object_member (app,
                                                                              "example_house"));
    }

  /* Not in the argument list: C leaves the order of evaluation open, and the steal
   * may run first. */
  cancellable = g_task_get_cancellable (task);
  hb_host_client_call_async (self->host, "start", NULL, CALL_DEADLINE,
                             cancellable, start_cb, g_steal_pointer (&task));
}

static void
hello_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HbSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) res = hb_host_client_call_finish (HB_HOST_CLIENT (object), result, &error);
  g_autoptr(JsonObject) params = json_object_new ();
  GCancellable *cancellable;

  if (res == NULL)
    {
      run_finish (task, g_steal_pointer (&error));
      return;
    }

  json_object_set_object_member (params, "app", json_object_ref (self->app));
  if (self->config != NULL)
    json_object_set_object_member (params, "config", json_object_ref (self->config));
  if (self->harness != NULL)
    json_object_set_object_member (params, "harness", json_object_ref (self->harness));

  /* Not in the argument list: C leaves the order of evaluation open, and the steal
   * may run first. */
  cancellable = g_task_get_cancellable (task);
  hb_host_client_call_async (self->host, "load", params, CALL_DEADLINE,
                             cancellable, load_cb, g_steal_pointer (&task));
}

/* Takes @task. Every row goes ahead of the cursor until the run applies it again. */
static void
start_host (HbSession *self,
            GTask     *task)
{
  g_autoptr(GError) error = NULL;

  _hb_session_drop_host (self);
  _hb_session_clear_models (self);
  _hb_session_set_boolean (self, &self->loaded, FALSE, PROP_LOADED);
  _hb_session_set_last_error (self, NULL);
  self->host_exited = FALSE;
  for (guint i = 0; i < _hb_session_n_rows (self); i++)
    _hb_session_mark_row (self, i, FALSE, NULL);
  _hb_session_set_cursor (self, 0);

  self->host = hb_host_client_new ((const char * const *) self->host_argv);
  g_signal_connect (self->host, "observations", G_CALLBACK (_hb_session_observations_cb), self);
  g_signal_connect (self->host, "exited", G_CALLBACK (exited_cb), self);

  if (!hb_host_client_spawn (self->host, &error))
    {
      run_finish (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  hb_host_client_call_async (self->host, "hello", NULL, CALL_DEADLINE,
                             g_task_get_cancellable (task), hello_cb, task);
}

/* Takes @task: applies rows up to @target, in a fresh host or on from the cursor. */
void
_hb_session_begin_run (HbSession *self,
                       GTask     *task,
                       guint      target,
                       gboolean   fresh)
{
  RunData *data = g_new0 (RunData, 1);

  data->target = MIN (target, _hb_session_n_rows (self));
  data->next = fresh ? 0 : self->cursor;
  data->n_total = (data->target > data->next ? data->target - data->next : 0) + (fresh ? 1 : 0);
  g_task_set_task_data (task, data, g_free);

  _hb_session_set_progress (self, 0.0);
  _hb_session_set_busy (self, TRUE);
  _hb_session_set_boolean (self, &self->replaying, TRUE, PROP_REPLAYING);
  if (fresh)
    start_host (self, task);
  else
    run_next (task);
}

gboolean
_hb_session_check_not_busy (HbSession *self,
                            GTask     *task)
{
  if (!self->busy)
    return TRUE;

  g_task_return_new_error (task, HB_SESSION_ERROR, HB_SESSION_ERROR_BUSY,
                           _("The session is busy with another operation"));
  return FALSE;
}

gboolean
_hb_session_check_can_run (HbSession *self,
                           GTask     *task)
{
  if (!_hb_session_check_not_busy (self, task))
    return FALSE;

  if (self->app == NULL)
    {
      g_task_return_new_error (task, HB_SESSION_ERROR, HB_SESSION_ERROR_NO_APP,
                               _("No app is loaded"));
      return FALSE;
    }
  return TRUE;
}

/* Whether the house in the host is the one the list says: then going forward needs no
 * restart. */
gboolean
_hb_session_host_is_current (HbSession *self)
{
  return self->loaded && self->host != NULL && !self->host_exited &&
         (self->stale_from == G_MAXUINT || self->stale_from >= self->cursor);
}

static void
load_common (HbSession  *self,
             GTask      *task,
             JsonObject *app,
             JsonObject *config,
             JsonObject *harness,
             JsonArray  *steps,
             gboolean    step_through)
{
  guint n = steps != NULL ? json_array_get_length (steps) : 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (!_hb_session_check_not_busy (self, task))
    {
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&self->app, json_object_unref);
  g_clear_pointer (&self->config, json_object_unref);
  g_clear_pointer (&self->harness, json_object_unref);
  self->app = json_object_ref (app);
  self->config = config ? json_object_ref (config) : NULL;
  self->harness = harness ? json_object_ref (harness) : NULL;

  g_list_store_remove_all (self->steps);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) row = _hb_session_step_row (i, json_array_get_object_element (steps, i),
                                                        NULL, "ahead", NULL);

      g_ptr_array_add (items, hb_json_item_new (NULL, row));
    }
  g_list_store_splice (self->steps, 0, 0, items->pdata, items->len);
  self->stale_from = G_MAXUINT;
  _hb_session_set_alternative (self, NULL, 0);
  _hb_session_set_string (self, &self->nondeterminism, NULL, PROP_NONDETERMINISM);
  _hb_session_watch_module (self);

  _hb_session_begin_run (self, task, step_through ? 0 : n, TRUE);
}

void
hb_session_load_async (HbSession           *self,
                       JsonObject          *app,
                       JsonObject          *config,
                       JsonObject          *harness,
                       JsonArray           *steps,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HB_IS_SESSION (self));
  g_return_if_fail (app != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_load_async);
  load_common (self, task, app, config, harness, steps, FALSE);
}

void
hb_session_load_step_through_async (HbSession           *self,
                                    JsonObject          *app,
                                    JsonObject          *config,
                                    JsonObject          *harness,
                                    JsonArray           *steps,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HB_IS_SESSION (self));
  g_return_if_fail (app != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_load_async);
  load_common (self, task, app, config, harness, steps, TRUE);
}

gboolean
hb_session_load_finish (HbSession     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hb_session_seek_async (HbSession           *self,
                       guint                n_applied,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_seek_async);
  if (!_hb_session_check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  n_applied = MIN (n_applied, _hb_session_n_rows (self));
  if (_hb_session_host_is_current (self) && n_applied == self->cursor)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  /* Forward from a house that is what the list says: no restart. */
  _hb_session_begin_run (self, task, n_applied,
                         !(_hb_session_host_is_current (self) && n_applied > self->cursor));
}

gboolean
hb_session_seek_finish (HbSession     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hb_session_replay_async (HbSession           *self,
                         guint                n_steps,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_replay_async);
  if (!_hb_session_check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  n_steps = MIN (n_steps, _hb_session_n_rows (self));
  g_ptr_array_unref (_hb_session_take_rows (self, n_steps));
  if (self->alternative_at > n_steps)
    _hb_session_set_alternative (self, NULL, 0);
  if (self->stale_from >= n_steps)
    self->stale_from = G_MAXUINT;
  _hb_session_begin_run (self, task, n_steps, TRUE);
}

gboolean
hb_session_replay_finish (HbSession     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hb_session_rerun_async (HbSession           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_rerun_async);
  if (!_hb_session_check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  if (_hb_session_host_is_current (self))
    {
      /* Only steps ahead changed: the house is what it was. */
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  _hb_session_begin_run (self, task, self->cursor, TRUE);
}

gboolean
hb_session_rerun_finish (HbSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hb_session_reload_module_async (HbSession           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_rerun_async);
  if (!_hb_session_check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  /* New code: every recorded outcome is from the old one, so differences are changes. */
  _hb_session_set_boolean (self, &self->module_changed, FALSE, PROP_MODULE_CHANGED);
  _hb_session_mark_stale (self, 0);
  _hb_session_begin_run (self, task, self->cursor, TRUE);
}

/* A row as a journal keeps it: {"step", "enabled", "outcome"}. (transfer full) */
static JsonObject *
restored_row (guint       index,
              JsonObject *kept)
{
  JsonNode *node = json_object_get_member (kept, "outcome");
  JsonObject *outcome = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
    ? json_node_get_object (node) : NULL;
  gboolean enabled = json_object_get_boolean_member_with_default (kept, "enabled", TRUE);
  JsonObject *row = _hb_session_step_row (index, json_object_get_object_member (kept, "step"),
                                          outcome,
                                          !enabled ? "disabled"
                                          : outcome != NULL ? _hb_session_outcome_status (outcome)
                                          : "ahead",
                                          outcome != NULL ? _hb_session_outcome_summary (outcome)
                                          : NULL);

  json_object_set_boolean_member (row, "enabled", enabled);
  return row;
}

void
hb_session_restore_async (HbSession           *self,
                          JsonObject          *app,
                          JsonObject          *config,
                          JsonObject          *harness,
                          JsonArray           *rows,
                          guint                cursor,
                          JsonArray           *alternative,
                          guint                alternative_at,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  guint n = rows != NULL ? json_array_get_length (rows) : 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) branch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_return_if_fail (HB_IS_SESSION (self));
  g_return_if_fail (app != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_load_async);
  if (!_hb_session_check_not_busy (self, task))
    {
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&self->app, json_object_unref);
  g_clear_pointer (&self->config, json_object_unref);
  g_clear_pointer (&self->harness, json_object_unref);
  self->app = json_object_ref (app);
  self->config = config ? json_object_ref (config) : NULL;
  self->harness = harness ? json_object_ref (harness) : NULL;

  g_list_store_remove_all (self->steps);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) row = restored_row (i, json_array_get_object_element (rows, i));

      g_ptr_array_add (items, hb_json_item_new (NULL, row));
    }
  g_list_store_splice (self->steps, 0, 0, items->pdata, items->len);

  for (guint i = 0; alternative != NULL && i < json_array_get_length (alternative); i++)
    g_ptr_array_add (branch, restored_row (i, json_array_get_object_element (alternative, i)));
  self->stale_from = G_MAXUINT;
  _hb_session_set_alternative (self, branch, MIN (alternative_at, n));
  _hb_session_set_string (self, &self->nondeterminism, NULL, PROP_NONDETERMINISM);
  _hb_session_watch_module (self);

  _hb_session_begin_run (self, task, MIN (cursor, n), TRUE);
}
