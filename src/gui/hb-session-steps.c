/* hb-session-steps.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-session-private.h"

guint
_hb_session_n_rows (HbSession *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->steps));
}

/* (transfer none): the store holds the row */
HbJsonItem *
_hb_session_row_item (HbSession *self,
                      guint      i)
{
  HbJsonItem *item = g_list_model_get_item (G_LIST_MODEL (self->steps), i);

  g_object_unref (item);
  return item;
}

/* A shallow copy, to set members on without touching the row views hold. */
JsonObject *
_hb_session_row_copy (JsonObject *row)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, row);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_copy (node));
  return copy;
}

gboolean
_hb_session_row_enabled (JsonObject *row)
{
  return json_object_get_boolean_member_with_default (row, "enabled", TRUE);
}

/* (nullable): the outcome recorded when the row was last applied */
JsonObject *
_hb_session_row_outcome (JsonObject *row)
{
  JsonNode *node = json_object_get_member (row, "outcome");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonObject *
_hb_session_row_step (JsonObject *row)
{
  return json_object_get_object_member (row, "step");
}

JsonObject *
_hb_session_step_row (guint       index,
                      JsonObject *step,
                      JsonObject *outcome,
                      const char *status,
                      const char *summary)
{
  JsonObject *row = json_object_new ();

  json_object_set_int_member (row, "index", index);
  json_object_set_object_member (row, "step", json_object_ref (step));
  if (outcome != NULL)
    json_object_set_object_member (row, "outcome", json_object_ref (outcome));
  else
    json_object_set_null_member (row, "outcome");
  json_object_set_string_member (row, "status", status);
  json_object_set_string_member (row, "summary", summary ? summary : "");
  json_object_set_boolean_member (row, "applied", FALSE);
  json_object_set_boolean_member (row, "enabled", TRUE);
  json_object_set_boolean_member (row, "changed", FALSE);
  return row;
}

const char *
_hb_session_outcome_status (JsonObject *outcome)
{
  return json_object_get_boolean_member_with_default (outcome, "ok", TRUE) ? "ok" : "failed";
}

const char *
_hb_session_outcome_summary (JsonObject *outcome)
{
  return json_object_get_string_member_with_default (outcome, "message", "");
}

/* Sets row @i's "applied" (and "status", when not NULL), notifying only on change. */
void
_hb_session_mark_row (HbSession  *self,
                      guint       i,
                      gboolean    applied,
                      const char *status)
{
  HbJsonItem *item = _hb_session_row_item (self, i);
  JsonObject *row = hb_json_item_get_data (item);
  g_autoptr(JsonObject) copy = NULL;

  if (json_object_get_boolean_member_with_default (row, "applied", FALSE) == applied &&
      (status == NULL ||
       g_strcmp0 (json_object_get_string_member_with_default (row, "status", ""), status) == 0))
    return;

  copy = _hb_session_row_copy (row);
  json_object_set_boolean_member (copy, "applied", applied);
  if (status != NULL)
    json_object_set_string_member (copy, "status", status);
  hb_json_item_set_data (item, copy);
}

/* Keeps every row's "index" equal to its position after rows moved. */
static void
renumber (HbSession *self)
{
  for (guint i = 0; i < _hb_session_n_rows (self); i++)
    {
      HbJsonItem *item = _hb_session_row_item (self, i);
      JsonObject *row = hb_json_item_get_data (item);
      g_autoptr(JsonObject) copy = NULL;

      if (json_object_get_int_member_with_default (row, "index", -1) == i)
        continue;
      copy = _hb_session_row_copy (row);
      json_object_set_int_member (copy, "index", i);
      hb_json_item_set_data (item, copy);
    }
}

void
_hb_session_mark_stale (HbSession *self,
                        guint      from)
{
  self->stale_from = MIN (self->stale_from, from);
}

/* Removes rows [@from, end) and returns their data (transfer full). */
GPtrArray *
_hb_session_take_rows (HbSession *self,
                       guint      from)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint n = _hb_session_n_rows (self);

  for (guint i = from; i < n; i++)
    g_ptr_array_add (rows,
                     json_object_ref (hb_json_item_get_data (_hb_session_row_item (self, i))));
  if (n > from)
    g_list_store_splice (self->steps, from, n - from, NULL, 0);
  return rows;
}

/* Appends @rows (JsonObject row data) as rows ahead of the cursor. */
static void
append_rows (HbSession *self,
             GPtrArray *rows)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = _hb_session_n_rows (self);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(JsonObject) copy = _hb_session_row_copy (g_ptr_array_index (rows, i));

      json_object_set_int_member (copy, "index", n + i);
      json_object_set_boolean_member (copy, "applied", FALSE);
      if (g_strcmp0 (json_object_get_string_member_with_default (copy, "status", ""),
                     "running") == 0)
        json_object_set_string_member (copy, "status", "ahead");
      g_ptr_array_add (items, hb_json_item_new (NULL, copy));
    }
  g_list_store_splice (self->steps, n, 0, items->pdata, items->len);
}

void
hb_session_insert_async (HbSession           *self,
                         guint                position,
                         JsonObject          *step,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(HbJsonItem) item = NULL;
  guint target;

  g_return_if_fail (HB_IS_SESSION (self));
  g_return_if_fail (step != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_insert_async);
  if (!_hb_session_check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  position = MIN (position, _hb_session_n_rows (self));
  /* The inserted step is applied, and so is everything that was applied before. */
  target = MAX (self->cursor, position) + 1;
  row = _hb_session_step_row (position, step, NULL, "ahead", NULL);
  item = hb_json_item_new (NULL, row);
  g_list_store_insert (self->steps, position, item);
  renumber (self);
  _hb_session_mark_stale (self, position);
  if (self->alternative != NULL && position < self->alternative_at)
    self->alternative_at++;

  _hb_session_begin_run (self, task, target, TRUE);
}

gboolean
hb_session_insert_finish (HbSession     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
hb_session_set_step_enabled (HbSession  *self,
                             guint       index,
                             gboolean    enabled,
                             GError    **error)
{
  HbJsonItem *item;
  JsonObject *row;
  g_autoptr(JsonObject) copy = NULL;
  JsonObject *outcome;

  g_return_val_if_fail (HB_IS_SESSION (self), FALSE);

  if (self->busy)
    {
      g_set_error (error, HB_SESSION_ERROR, HB_SESSION_ERROR_BUSY,
                   _("The session is busy with another operation"));
      return FALSE;
    }
  if (index >= _hb_session_n_rows (self))
    {
      g_set_error (error, HB_SESSION_ERROR, HB_SESSION_ERROR_FAILED,
                   _("There is no step %u"), index + 1);
      return FALSE;
    }

  item = _hb_session_row_item (self, index);
  row = hb_json_item_get_data (item);
  if (_hb_session_row_enabled (row) == !!enabled)
    return TRUE;

  copy = _hb_session_row_copy (row);
  outcome = _hb_session_row_outcome (row);
  json_object_set_boolean_member (copy, "enabled", enabled);
  json_object_set_string_member (copy, "status",
                                 !enabled ? "disabled"
                                 : outcome != NULL ? _hb_session_outcome_status (outcome)
                                 : "ahead");
  hb_json_item_set_data (item, copy);
  _hb_session_mark_stale (self, index);
  return TRUE;
}

gboolean
hb_session_move_step (HbSession  *self,
                      guint       index,
                      guint       new_index,
                      GError    **error)
{
  g_autoptr(HbJsonItem) item = NULL;

  g_return_val_if_fail (HB_IS_SESSION (self), FALSE);

  if (self->busy)
    {
      g_set_error (error, HB_SESSION_ERROR, HB_SESSION_ERROR_BUSY,
                   _("The session is busy with another operation"));
      return FALSE;
    }
  if (index >= _hb_session_n_rows (self) || new_index >= _hb_session_n_rows (self))
    {
      g_set_error (error, HB_SESSION_ERROR, HB_SESSION_ERROR_FAILED,
                   _("Cannot move step %u to position %u: the session has %u steps"),
                   index + 1, new_index + 1, _hb_session_n_rows (self));
      return FALSE;
    }
  if (index == new_index)
    return TRUE;

  item = g_object_ref (_hb_session_row_item (self, index));
  g_list_store_remove (self->steps, index);
  g_list_store_insert (self->steps, new_index, item);
  renumber (self);
  _hb_session_mark_stale (self, MIN (index, new_index));
  return TRUE;
}

void
hb_session_restore_alternative_async (HbSession           *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GPtrArray) forked = NULL;
  guint at;

  g_return_if_fail (HB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_restore_alternative_async);
  if (!_hb_session_check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }
  if (self->alternative == NULL)
    {
      g_task_return_new_error (task, HB_SESSION_ERROR, HB_SESSION_ERROR_FAILED,
                               _("There are no alternative steps to restore"));
      g_object_unref (task);
      return;
    }

  /* The two branches swap: the fork's own steps become the alternative. */
  at = MIN (self->alternative_at, _hb_session_n_rows (self));
  restored = g_ptr_array_ref (self->alternative);
  forked = _hb_session_take_rows (self, at);
  append_rows (self, restored);
  _hb_session_set_alternative (self, forked, at);
  if (self->stale_from >= at)
    self->stale_from = G_MAXUINT;

  if (self->cursor <= at && _hb_session_host_is_current (self))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* The house was past the fork: back to the fork point, the restored steps ahead. */
  _hb_session_begin_run (self, task, MIN (self->cursor, at), TRUE);
}

gboolean
hb_session_restore_alternative_finish (HbSession     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hb_session_discard_alternative (HbSession *self)
{
  g_return_if_fail (HB_IS_SESSION (self));
  _hb_session_set_alternative (self, NULL, 0);
}

guint
hb_session_get_alternative_at (HbSession *self)
{
  g_return_val_if_fail (HB_IS_SESSION (self), 0);
  return self->alternative != NULL ? self->alternative_at : 0;
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HbSession *self = g_task_get_source_object (task);
  HbJsonItem *item = g_task_get_task_data (task);
  guint index = json_object_get_int_member (hb_json_item_get_data (item), "index");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) res = hb_host_client_call_finish (HB_HOST_CLIENT (object), result, &error);
  JsonObject *outcome = res ? json_object_get_object_member (res, "outcome") : NULL;

  self->current_step = -1;

  if (res == NULL)
    {
      /* A step the host refused stays in the list, behind the cursor, marked as an error. */
      _hb_session_record_outcome (self, index, NULL, "error", error->message);
      _hb_session_set_cursor (self, index + 1);
      _hb_session_set_busy (self, FALSE);
      if (!g_error_matches (error, HB_HOST_ERROR, HB_HOST_ERROR_DIED))
        _hb_session_set_last_error (self, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (outcome == NULL)
    outcome = res;
  _hb_session_record_outcome (self, index, outcome, _hb_session_outcome_status (outcome),
                              _hb_session_outcome_summary (outcome));
  _hb_session_set_cursor (self, index + 1);
  _hb_session_set_busy (self, FALSE);
  g_task_return_pointer (task, json_object_ref (outcome), (GDestroyNotify) json_object_unref);
}

void
hb_session_apply_async (HbSession           *self,
                        JsonObject          *step,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(HbJsonItem) item = NULL;
  guint index;

  g_return_if_fail (HB_IS_SESSION (self));
  g_return_if_fail (step != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_session_apply_async);

  if (!_hb_session_check_not_busy (self, task))
    return;

  if (self->host == NULL || !self->loaded)
    {
      g_task_return_new_error (task, HB_SESSION_ERROR, HB_SESSION_ERROR_NO_APP,
                               _("No app is loaded"));
      return;
    }

  /* A new step while steps are ahead forks: they are kept aside as the alternative. */
  if (self->cursor < _hb_session_n_rows (self))
    {
      g_autoptr(GPtrArray) ahead = _hb_session_take_rows (self, self->cursor);

      _hb_session_set_alternative (self, ahead, self->cursor);
    }

  index = _hb_session_n_rows (self);
  row = _hb_session_step_row (index, step, NULL, "running", NULL);
  item = hb_json_item_new (NULL, row);
  g_list_store_append (self->steps, item);
  g_task_set_task_data (task, g_object_ref (item), g_object_unref);

  params = json_object_new ();
  json_object_set_object_member (params, "step", json_object_ref (step));

  self->current_step = index;
  _hb_session_set_busy (self, TRUE);
  hb_host_client_call_async (self->host, "apply", params, CALL_DEADLINE, cancellable,
                             apply_cb, g_steal_pointer (&task));
}

JsonObject *
hb_session_apply_finish (HbSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
