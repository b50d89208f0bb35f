/* hb-session-panes.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-session-private.h"

/* A key's latest change in one batch: its new data, or NULL to remove the row. The key
 * and the data are borrowed from the observations, which outlive the batch. */
typedef struct
{
  const char *key;
  JsonObject *data;
} KeyedChange;

/* The changes one observation batch makes to a keyed pane, folded to one per key. Made
 * on first use: most batches touch one or two panes. */
typedef struct
{
  GHashTable   *latest;   /* key -> index + 1 into changes */
  GArray       *changes;  /* KeyedChange, first seen first */
  GStringChunk *keys;     /* keys the batch had to make (task ids as text) */
} KeyedBatch;

void
_hb_session_keyed_pane_init (KeyedPane *pane)
{
  pane->store = g_list_store_new (HB_TYPE_JSON_ITEM);
  pane->index = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
keyed_pane_clear (KeyedPane *pane)
{
  /* The index borrows the rows' keys: empty it before the store frees the rows. */
  g_hash_table_remove_all (pane->index);
  g_list_store_remove_all (pane->store);
}

void
_hb_session_keyed_pane_destroy (KeyedPane *pane)
{
  g_clear_pointer (&pane->index, g_hash_table_unref);
  g_clear_object (&pane->store);
}

static void
keyed_batch_init (KeyedBatch *batch)
{
  batch->latest = NULL;
  batch->changes = NULL;
  batch->keys = NULL;
}

static void
keyed_batch_clear (KeyedBatch *batch)
{
  g_clear_pointer (&batch->latest, g_hash_table_unref);
  if (batch->changes != NULL)
    g_array_free (g_steal_pointer (&batch->changes), TRUE);
  if (batch->keys != NULL)
    g_string_chunk_free (g_steal_pointer (&batch->keys));
}

/*
 * @key: (transfer none): borrowed for the batch's life unless @copy_key
 * @data: (transfer none) (nullable): the row's new data, borrowed likewise, or NULL to
 *   remove the row
 */
static void
keyed_batch_set (KeyedBatch *batch,
                 const char *key,
                 gboolean    copy_key,
                 JsonObject *data)
{
  guint index;

  if (batch->latest == NULL)
    {
      batch->latest = g_hash_table_new (g_str_hash, g_str_equal);
      batch->changes = g_array_new (FALSE, FALSE, sizeof (KeyedChange));
    }

  index = GPOINTER_TO_UINT (g_hash_table_lookup (batch->latest, key));
  if (index != 0)
    {
      g_array_index (batch->changes, KeyedChange, index - 1).data = data;
      return;
    }

  if (copy_key)
    {
      if (batch->keys == NULL)
        batch->keys = g_string_chunk_new (256);
      key = g_string_chunk_insert_const (batch->keys, key);
    }
  g_array_append_val (batch->changes, ((KeyedChange) { key, data }));
  g_hash_table_insert (batch->latest, (gpointer) key, GUINT_TO_POINTER (batch->changes->len));
}

/*
 * Applies a batch with at most one items-changed emission. Updates happen in place
 * (::notify::data on the row). Additions go to the end. Removals need the rows'
 * positions, which the store does not index: one pass from the first row finds them,
 * stopping at the last removed one, and the splice replaces only the stretch from the
 * first removed row (to the end when rows are also added), so views and filters downstream
 * redo that stretch rather than the whole pane.
 */
static void
keyed_pane_apply (KeyedPane  *pane,
                  KeyedBatch *batch)
{
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GHashTable) removed = NULL;
  GListModel *model = G_LIST_MODEL (pane->store);
  guint n_items, n_removed, first, last, end;

  if (batch->changes == NULL)
    return;

  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < batch->changes->len; i++)
    {
      KeyedChange *change = &g_array_index (batch->changes, KeyedChange, i);
      HbJsonItem *item = g_hash_table_lookup (pane->index, change->key);

      if (change->data == NULL)
        {
          if (item == NULL)
            continue;
          if (removed == NULL)
            removed = g_hash_table_new (NULL, NULL);
          g_hash_table_add (removed, item);
          g_hash_table_remove (pane->index, change->key);
        }
      else if (item != NULL)
        hb_json_item_set_data (item, change->data);
      else
        {
          item = hb_json_item_new (change->key, change->data);
          g_hash_table_insert (pane->index, (gpointer) hb_json_item_get_key (item), item);
          g_ptr_array_add (added, item);
        }
    }

  n_items = g_list_model_get_n_items (model);

  if (removed == NULL)
    {
      if (added->len > 0)
        g_list_store_splice (pane->store, n_items, 0, added->pdata, added->len);
      return;
    }

  {
    g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
    guint n_to_find = g_hash_table_size (removed);

    first = G_MAXUINT;
    last = 0;
    n_removed = 0;
    for (guint i = 0; i < n_items && n_removed < n_to_find; i++)
      {
        HbJsonItem *item = g_list_model_get_item (model, i);

        if (g_hash_table_contains (removed, item))
          {
            if (first == G_MAXUINT)
              first = i;
            last = i;
            n_removed++;
            g_object_unref (item);
          }
        else if (first != G_MAXUINT)
          g_ptr_array_add (kept, item);
        else
          g_object_unref (item);
      }
    g_assert (n_removed == n_to_find);

    end = added->len > 0 ? n_items : last + 1;
    for (guint i = last + 1; i < end; i++)
      g_ptr_array_add (kept, g_list_model_get_item (model, i));
    for (guint i = 0; i < added->len; i++)
      g_ptr_array_add (kept, g_object_ref (g_ptr_array_index (added, i)));

    g_list_store_splice (pane->store, first, end - first, kept->pdata, kept->len);
  }
}

static JsonObject *
tag_with_step (HbSession  *self,
               JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  /* "event" is the observation's kind, not part of the row. Containers are shared with
   * the observation (json_node_copy refs them), not copied. */
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    if (!g_str_equal (name, "event"))
      json_object_set_member (copy, name, json_node_copy (node));
  json_object_set_int_member (copy, "step", self->current_step);
  if (self->clock_now != NULL)
    json_object_set_string_member (copy, "clock", self->clock_now);
  return copy;
}

static void
apply_clock (HbSession  *self,
             JsonObject *clock)
{
  if (clock == NULL)
    return;
  _hb_session_set_string (self, &self->clock_now,
                          json_object_get_string_member_with_default (clock, "now", NULL),
                          PROP_CLOCK_NOW);
  _hb_session_set_boolean (self, &self->clock_frozen,
                           json_object_get_boolean_member_with_default (clock, "frozen", FALSE),
                           PROP_CLOCK_FROZEN);
  if (json_object_has_member (clock, "time_zone"))
    _hb_session_set_string (self, &self->time_zone,
                            json_object_get_string_member_with_default (clock, "time_zone", NULL),
                            PROP_TIME_ZONE);
}

static gboolean
task_state_is_final (const char *state)
{
  return g_strcmp0 (state, "done") == 0 ||
         g_strcmp0 (state, "failed") == 0 ||
         g_strcmp0 (state, "cancelled") == 0;
}

void
_hb_session_observations_cb (HbHostClient *host,
                             GPtrArray    *batch,
                             HbSession    *self)
{
  KeyedBatch entities, tasks, jobs, listeners;
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_object_unref);

  keyed_batch_init (&entities);
  keyed_batch_init (&tasks);
  keyed_batch_init (&jobs);
  keyed_batch_init (&listeners);

  for (guint i = 0; i < batch->len; i++)
    {
      JsonObject *obs = g_ptr_array_index (batch, i);
      const char *kind = json_object_get_string_member_with_default (obs, "event", "");

      if (g_str_equal (kind, "clock"))
        apply_clock (self, obs);
      else if (g_str_equal (kind, "state"))
        {
          const char *entity_id = json_object_get_string_member_with_default (obs, "entity_id",
                                                                              NULL);
          JsonNode *new_state = json_object_get_member (obs, "new");

          if (entity_id == NULL)
            continue;
          keyed_batch_set (&entities, entity_id, FALSE,
                           new_state != NULL && JSON_NODE_HOLDS_OBJECT (new_state)
                           ? json_node_get_object (new_state) : NULL);
        }
      else if (g_str_equal (kind, "task"))
        {
          char key[32];
          const char *state = json_object_get_string_member_with_default (obs, "state", NULL);

          /* The host names it "task_id": a line with a top-level "id" is a response. */
          g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT,
                      json_object_get_int_member_with_default (obs, "task_id",
                        json_object_get_int_member_with_default (obs, "id", 0)));
          keyed_batch_set (&tasks, key, TRUE, task_state_is_final (state) ? NULL : obs);

          if (g_strcmp0 (state, "failed") == 0)
            {
              g_autoptr(JsonObject) row = json_object_new ();

              json_object_set_string_member (
                row, "task", json_object_get_string_member_with_default (obs, "name", ""));
              json_object_set_string_member (
                row, "message", json_object_get_string_member_with_default (obs, "error", ""));
              json_object_set_int_member (row, "step", self->current_step);
              if (self->clock_now != NULL)
                json_object_set_string_member (row, "clock", self->clock_now);
              g_ptr_array_add (errors, hb_json_item_new (NULL, row));
            }
        }
      else if (g_str_equal (kind, "job"))
        {
          JsonObject *job = json_object_get_object_member (obs, "job");
          const char *action = json_object_get_string_member_with_default (obs, "action", "");
          const char *name =
            job ? json_object_get_string_member_with_default (job, "name", NULL) : NULL;

          if (name != NULL)
            keyed_batch_set (&jobs, name, FALSE, g_str_equal (action, "removed") ? NULL : job);
        }
      else if (g_str_equal (kind, "listener"))
        {
          const char *name = json_object_get_string_member_with_default (obs, "name", NULL);
          const char *action = json_object_get_string_member_with_default (obs, "action", "");

          if (name != NULL)
            keyed_batch_set (&listeners, name, FALSE, g_str_equal (action, "removed") ? NULL : obs);
        }
      else if (g_str_equal (kind, "call") || g_str_equal (kind, "dispatch") ||
               g_str_equal (kind, "log"))
        {
          g_autoptr(JsonObject) row = tag_with_step (self, obs);
          GPtrArray *target = g_str_equal (kind, "call") ? calls : log;

          /* The event log keeps rows compactly and shows a batch's rows at once. */
          if (g_str_equal (kind, "dispatch"))
            hb_event_log_add (self->events, row);
          else
            g_ptr_array_add (target, hb_json_item_new (NULL, row));
        }
    }

  keyed_pane_apply (&self->entities, &entities);
  keyed_pane_apply (&self->tasks, &tasks);
  keyed_pane_apply (&self->jobs, &jobs);
  keyed_pane_apply (&self->listeners, &listeners);
  keyed_batch_clear (&entities);
  keyed_batch_clear (&tasks);
  keyed_batch_clear (&jobs);
  keyed_batch_clear (&listeners);

#define APPEND(store, array) \
  if ((array)->len > 0) \
    g_list_store_splice ((store), g_list_model_get_n_items (G_LIST_MODEL (store)), 0, \
                         (array)->pdata, (array)->len)
  APPEND (self->calls, calls);
  hb_event_log_flush (self->events);
  APPEND (self->errors, errors);
  APPEND (self->log, log);
#undef APPEND
}

void
_hb_session_apply_observations (HbSession *self,
                                GPtrArray *batch)
{
  g_return_if_fail (HB_IS_SESSION (self));
  g_return_if_fail (batch != NULL);

  _hb_session_observations_cb (self->host, batch, self);
}

void
_hb_session_clear_models (HbSession *self)
{
  keyed_pane_clear (&self->entities);
  keyed_pane_clear (&self->tasks);
  keyed_pane_clear (&self->jobs);
  keyed_pane_clear (&self->listeners);
  g_list_store_remove_all (self->calls);
  hb_event_log_clear (self->events);
  g_list_store_remove_all (self->errors);
  g_list_store_remove_all (self->log);
}

/* Fills the keyed panes from a snapshot, replacing what they held. */
void
_hb_session_apply_snapshot (HbSession  *self,
                            JsonObject *snapshot)
{
  static const struct {
    const char *member;
    const char *key;
    const char *old_key;  /* what PROTOCOL.md first named it */
    gsize       pane_offset;
  } panes[] = {
    { "states", "entity_id", NULL, G_STRUCT_OFFSET (HbSession, entities) },
    { "jobs", "name", NULL, G_STRUCT_OFFSET (HbSession, jobs) },
    { "tasks", "task_id", "id", G_STRUCT_OFFSET (HbSession, tasks) },
    { "listeners", "name", NULL, G_STRUCT_OFFSET (HbSession, listeners) },
  };

  apply_clock (self, json_object_get_object_member (snapshot, "clock"));

  for (guint p = 0; p < G_N_ELEMENTS (panes); p++)
    {
      KeyedPane *pane = G_STRUCT_MEMBER_P (self, panes[p].pane_offset);
      JsonArray *rows = json_object_has_member (snapshot, panes[p].member)
                        ? json_object_get_array_member (snapshot, panes[p].member) : NULL;
      KeyedBatch batch;

      keyed_pane_clear (pane);
      if (rows == NULL)
        continue;

      keyed_batch_init (&batch);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          JsonNode *key = row ? json_object_get_member (row, panes[p].key) : NULL;
          char text[32];

          if (key == NULL && row != NULL && panes[p].old_key != NULL)
            key = json_object_get_member (row, panes[p].old_key);
          if (key == NULL || !JSON_NODE_HOLDS_VALUE (key))
            continue;
          if (json_node_get_value_type (key) == G_TYPE_STRING)
            keyed_batch_set (&batch, json_node_get_string (key), FALSE, row);
          else
            {
              g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, json_node_get_int (key));
              keyed_batch_set (&batch, text, TRUE, row);
            }
        }
      keyed_pane_apply (pane, &batch);
      keyed_batch_clear (&batch);
    }
}
