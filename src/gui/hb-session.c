/* hb-session.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>
#include <string.h>

#include "hb-event-log.h"
#include "hb-host-client.h"
#include "hb-json-item.h"
#include "hb-session-private.h"

#define CALL_DEADLINE  30.0  /* seconds of real time a host request may take */
#define MODULE_SETTLE_MS 400 /* a module file quiet this long is rebuilt */

/* A pane whose rows are keyed (entities, tasks, jobs, listeners): updated in place. */
typedef struct
{
  GListStore *store;
  GHashTable *index;   /* key (the row's own) -> HbJsonItem, owned by the store */
} KeyedPane;

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

struct _HbSession
{
  GObject       parent_instance;

  GStrv         host_argv;
  HbHostClient *host;

  GListStore   *steps;
  KeyedPane     entities;
  KeyedPane     tasks;
  KeyedPane     jobs;
  KeyedPane     listeners;
  GListStore   *calls;
  HbEventLog   *events;
  GListStore   *errors;
  GListStore   *log;

  JsonObject   *app;
  JsonObject   *config;
  JsonObject   *harness;
  JsonArray    *config_schema;
  JsonObject   *example_house;  /* nullable: the module's states for exploring the app */

  char         *app_title;
  char         *clock_now;
  char         *time_zone;
  char         *last_error;
  gboolean      clock_frozen;
  gboolean      busy;
  gboolean      loaded;
  gint64        current_step;  /* index of the step being applied, -1 when none */

  /* Time travel: the cursor, edits, the alternative branch (see hb-session.h). */
  guint         cursor;          /* rows before it are applied (or disabled and skipped) */
  guint         stale_from;      /* first row whose outcome predates an edit; G_MAXUINT: none */
  GPtrArray    *alternative;     /* JsonObject rows a fork set aside, or NULL */
  guint         alternative_at;  /* where they were */
  double        progress;
  gboolean      replaying;
  gboolean      host_exited;
  char         *nondeterminism;
  gboolean      module_changed;
  GFileMonitor *module_monitor;
  guint         module_debounce_id;
};

enum {
  PROP_0,
  PROP_BUSY,
  PROP_LOADED,
  PROP_APP_TITLE,
  PROP_CLOCK_NOW,
  PROP_CLOCK_FROZEN,
  PROP_TIME_ZONE,
  PROP_LAST_ERROR,
  PROP_CURSOR,
  PROP_PROGRESS,
  PROP_REPLAYING,
  PROP_N_ALTERNATIVE,
  PROP_NONDETERMINISM,
  PROP_MODULE_CHANGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HbSession, hb_session, G_TYPE_OBJECT)
G_DEFINE_QUARK (hb-session-error-quark, hb_session_error)

static void
keyed_pane_init (KeyedPane *pane)
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

static void
keyed_pane_destroy (KeyedPane *pane)
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

static void
set_string (HbSession   *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_boolean (HbSession *self,
             gboolean  *field,
             gboolean   value,
             guint      prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_last_error (HbSession  *self,
                const char *message)
{
  set_string (self, &self->last_error, message, PROP_LAST_ERROR);
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
  set_string (self, &self->clock_now,
              json_object_get_string_member_with_default (clock, "now", NULL), PROP_CLOCK_NOW);
  set_boolean (self, &self->clock_frozen,
               json_object_get_boolean_member_with_default (clock, "frozen", FALSE),
               PROP_CLOCK_FROZEN);
  if (json_object_has_member (clock, "time_zone"))
    set_string (self, &self->time_zone,
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

static void
observations_cb (HbHostClient *host,
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

              json_object_set_string_member (row, "task",
                                             json_object_get_string_member_with_default (obs, "name", ""));
              json_object_set_string_member (row, "message",
                                             json_object_get_string_member_with_default (obs, "error", ""));
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
          const char *name = job ? json_object_get_string_member_with_default (job, "name", NULL) : NULL;

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

  observations_cb (self->host, batch, self);
}

static void
clear_models (HbSession *self)
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
static void
apply_snapshot (HbSession  *self,
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

static void
exited_cb (HbHostClient *host,
           HbSession    *self)
{
  g_autofree char *why = hb_host_client_describe_exit (host);
  g_autofree char *message = g_strdup_printf (_("%s Restart and replay to continue."), why);

  self->host_exited = TRUE;
  set_last_error (self, message);
}

static void
drop_host (HbSession *self)
{
  if (self->host == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->host, self);
  hb_host_client_terminate (self->host);
  g_clear_object (&self->host);
}

static void unwatch_module (HbSession *self);

static void
hb_session_dispose (GObject *object)
{
  HbSession *self = HB_SESSION (object);

  drop_host (self);
  unwatch_module (self);

  G_OBJECT_CLASS (hb_session_parent_class)->dispose (object);
}

static void
hb_session_finalize (GObject *object)
{
  HbSession *self = HB_SESSION (object);

  g_strfreev (self->host_argv);
  g_clear_object (&self->steps);
  keyed_pane_destroy (&self->entities);
  keyed_pane_destroy (&self->tasks);
  keyed_pane_destroy (&self->jobs);
  keyed_pane_destroy (&self->listeners);
  g_clear_object (&self->calls);
  g_clear_object (&self->events);
  g_clear_object (&self->errors);
  g_clear_object (&self->log);
  g_clear_pointer (&self->app, json_object_unref);
  g_clear_pointer (&self->config, json_object_unref);
  g_clear_pointer (&self->harness, json_object_unref);
  g_clear_pointer (&self->config_schema, json_array_unref);
  g_clear_pointer (&self->example_house, json_object_unref);
  g_free (self->app_title);
  g_free (self->clock_now);
  g_free (self->time_zone);
  g_free (self->last_error);
  g_free (self->nondeterminism);
  g_clear_pointer (&self->alternative, g_ptr_array_unref);

  G_OBJECT_CLASS (hb_session_parent_class)->finalize (object);
}

static void
hb_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HbSession *self = HB_SESSION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_APP_TITLE:
      g_value_set_string (value, self->app_title);
      break;

    case PROP_CLOCK_NOW:
      g_value_set_string (value, self->clock_now);
      break;

    case PROP_CLOCK_FROZEN:
      g_value_set_boolean (value, self->clock_frozen);
      break;

    case PROP_TIME_ZONE:
      g_value_set_string (value, self->time_zone);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_CURSOR:
      g_value_set_uint (value, self->cursor);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_REPLAYING:
      g_value_set_boolean (value, self->replaying);
      break;

    case PROP_N_ALTERNATIVE:
      g_value_set_uint (value, hb_session_get_n_alternative (self));
      break;

    case PROP_NONDETERMINISM:
      g_value_set_string (value, self->nondeterminism);
      break;

    case PROP_MODULE_CHANGED:
      g_value_set_boolean (value, self->module_changed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_session_class_init (HbSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hb_session_dispose;
  object_class->finalize = hb_session_finalize;
  object_class->get_property = hb_session_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_APP_TITLE] = g_param_spec_string ("app-title", NULL, NULL, NULL, flags);
  properties[PROP_CLOCK_NOW] = g_param_spec_string ("clock-now", NULL, NULL, NULL, flags);
  properties[PROP_CLOCK_FROZEN] = g_param_spec_boolean ("clock-frozen", NULL, NULL, FALSE, flags);
  properties[PROP_TIME_ZONE] = g_param_spec_string ("time-zone", NULL, NULL, NULL, flags);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  properties[PROP_CURSOR] = g_param_spec_uint ("cursor", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_REPLAYING] = g_param_spec_boolean ("replaying", NULL, NULL, FALSE, flags);
  properties[PROP_N_ALTERNATIVE] = g_param_spec_uint ("n-alternative", NULL, NULL,
                                                      0, G_MAXUINT, 0, flags);
  properties[PROP_NONDETERMINISM] = g_param_spec_string ("nondeterminism", NULL, NULL, NULL,
                                                         flags);
  properties[PROP_MODULE_CHANGED] = g_param_spec_boolean ("module-changed", NULL, NULL, FALSE,
                                                          flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hb_session_init (HbSession *self)
{
  const char *host_path = g_getenv ("HB_HOST_PATH");
  g_autofree char *installed = g_build_filename (HB_LIBEXECDIR, "hassbench-host", NULL);
  const char *argv[] = { host_path != NULL ? host_path : installed, NULL };

  self->host_argv = g_strdupv ((char **) argv);
  self->steps = g_list_store_new (HB_TYPE_JSON_ITEM);
  keyed_pane_init (&self->entities);
  keyed_pane_init (&self->tasks);
  keyed_pane_init (&self->jobs);
  keyed_pane_init (&self->listeners);
  self->calls = g_list_store_new (HB_TYPE_JSON_ITEM);
  self->events = hb_event_log_new ();
  self->errors = g_list_store_new (HB_TYPE_JSON_ITEM);
  self->log = g_list_store_new (HB_TYPE_JSON_ITEM);
  self->current_step = -1;
  self->stale_from = G_MAXUINT;
}

HbSession *
hb_session_new (void)
{
  return g_object_new (HB_TYPE_SESSION, NULL);
}

void
hb_session_set_host_argv (HbSession          *self,
                          const char * const *argv)
{
  g_return_if_fail (HB_IS_SESSION (self));
  g_return_if_fail (argv != NULL && argv[0] != NULL);

  g_strfreev (self->host_argv);
  self->host_argv = g_strdupv ((char **) argv);
}

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
set_busy (HbSession *self,
          gboolean   busy)
{
  set_boolean (self, &self->busy, busy, PROP_BUSY);
}

static void
set_cursor (HbSession *self,
            guint      cursor)
{
  if (self->cursor == cursor)
    return;
  self->cursor = cursor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
}

static void
set_progress (HbSession *self,
              double     progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static guint
n_rows (HbSession *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->steps));
}

/* (transfer none): the store holds the row */
static HbJsonItem *
row_item (HbSession *self,
          guint      i)
{
  HbJsonItem *item = g_list_model_get_item (G_LIST_MODEL (self->steps), i);

  g_object_unref (item);
  return item;
}

/* A shallow copy, to set members on without touching the row views hold. */
static JsonObject *
row_copy (JsonObject *row)
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

static gboolean
row_enabled (JsonObject *row)
{
  return json_object_get_boolean_member_with_default (row, "enabled", TRUE);
}

/* (nullable): the outcome recorded when the row was last applied */
static JsonObject *
row_outcome (JsonObject *row)
{
  JsonNode *node = json_object_get_member (row, "outcome");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
row_step (JsonObject *row)
{
  return json_object_get_object_member (row, "step");
}

static JsonObject *
step_row (guint       index,
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

static const char *
outcome_status (JsonObject *outcome)
{
  return json_object_get_boolean_member_with_default (outcome, "ok", TRUE) ? "ok" : "failed";
}

static const char *
outcome_summary (JsonObject *outcome)
{
  return json_object_get_string_member_with_default (outcome, "message", "");
}

/* Sets row @i's "applied" (and "status", when not NULL), notifying only on change. */
static void
mark_row (HbSession  *self,
          guint       i,
          gboolean    applied,
          const char *status)
{
  HbJsonItem *item = row_item (self, i);
  JsonObject *row = hb_json_item_get_data (item);
  g_autoptr(JsonObject) copy = NULL;

  if (json_object_get_boolean_member_with_default (row, "applied", FALSE) == applied &&
      (status == NULL ||
       g_strcmp0 (json_object_get_string_member_with_default (row, "status", ""), status) == 0))
    return;

  copy = row_copy (row);
  json_object_set_boolean_member (copy, "applied", applied);
  if (status != NULL)
    json_object_set_string_member (copy, "status", status);
  hb_json_item_set_data (item, copy);
}

/* Keeps every row's "index" equal to its position after rows moved. */
static void
renumber (HbSession *self)
{
  for (guint i = 0; i < n_rows (self); i++)
    {
      HbJsonItem *item = row_item (self, i);
      JsonObject *row = hb_json_item_get_data (item);
      g_autoptr(JsonObject) copy = NULL;

      if (json_object_get_int_member_with_default (row, "index", -1) == i)
        continue;
      copy = row_copy (row);
      json_object_set_int_member (copy, "index", i);
      hb_json_item_set_data (item, copy);
    }
}

static void
mark_stale (HbSession *self,
            guint      from)
{
  self->stale_from = MIN (self->stale_from, from);
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
static void
record_outcome (HbSession  *self,
                guint       i,
                JsonObject *outcome,
                const char *status,
                const char *summary)
{
  HbJsonItem *item = row_item (self, i);
  JsonObject *row = hb_json_item_get_data (item);
  JsonObject *recorded = row_outcome (row);
  gboolean stale = i >= self->stale_from;
  g_autoptr(JsonObject) copy = row_copy (row);

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
                             json_object_get_string_member_with_default (row_step (row), "kind",
                                                                         "?"),
                             difference);

          set_string (self, &self->nondeterminism, message, PROP_NONDETERMINISM);
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
    self->stale_from = i + 1 < n_rows (self) ? i + 1 : G_MAXUINT;
}

static void
run_finish (GTask  *task,
            GError *error)
{
  HbSession *self = g_task_get_source_object (task);

  self->current_step = -1;
  set_boolean (self, &self->replaying, FALSE, PROP_REPLAYING);
  set_busy (self, FALSE);

  if (error == NULL)
    {
      set_progress (self, 1.0);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_last_error (self, error->message);
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
      record_outcome (self, data->next, NULL, "error", error->message);
      set_cursor (self, data->next + 1);
      run_finish (task, g_steal_pointer (&error));
      return;
    }

  record_outcome (self, data->next, outcome, outcome ? outcome_status (outcome) : "ok",
                  outcome ? outcome_summary (outcome) : "");
  data->next++;
  data->n_done++;
  set_cursor (self, data->next);
  set_progress (self, data->n_total > 0 ? (double) data->n_done / data->n_total : 1.0);
  run_next (g_steal_pointer (&task));
}

static void
run_next (GTask *task)
{
  HbSession *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) params = NULL;
  JsonObject *row;

  data->target = MIN (data->target, n_rows (self));

  /* Disabled rows stay in the list, behind the cursor, never sent to the host. */
  while (data->next < data->target &&
         !row_enabled (hb_json_item_get_data (row_item (self, data->next))))
    {
      mark_row (self, data->next, TRUE, "disabled");
      data->next++;
      set_cursor (self, data->next);
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

  row = hb_json_item_get_data (row_item (self, data->next));
  params = json_object_new ();
  json_object_set_object_member (params, "step", json_object_ref (row_step (row)));
  mark_row (self, data->next, FALSE, "running");
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

  apply_snapshot (self, snapshot);
  set_boolean (self, &self->loaded, TRUE, PROP_LOADED);
  data->n_done++;
  set_progress (self, (double) data->n_done / data->n_total);
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
      set_string (self, &self->app_title,
                  json_object_get_string_member_with_default (app, "display_name", NULL),
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

  drop_host (self);
  clear_models (self);
  set_boolean (self, &self->loaded, FALSE, PROP_LOADED);
  set_last_error (self, NULL);
  self->host_exited = FALSE;
  for (guint i = 0; i < n_rows (self); i++)
    mark_row (self, i, FALSE, NULL);
  set_cursor (self, 0);

  self->host = hb_host_client_new ((const char * const *) self->host_argv);
  g_signal_connect (self->host, "observations", G_CALLBACK (observations_cb), self);
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
static void
begin_run (HbSession *self,
           GTask     *task,
           guint      target,
           gboolean   fresh)
{
  RunData *data = g_new0 (RunData, 1);

  data->target = MIN (target, n_rows (self));
  data->next = fresh ? 0 : self->cursor;
  data->n_total = (data->target > data->next ? data->target - data->next : 0) + (fresh ? 1 : 0);
  g_task_set_task_data (task, data, g_free);

  set_progress (self, 0.0);
  set_busy (self, TRUE);
  set_boolean (self, &self->replaying, TRUE, PROP_REPLAYING);
  if (fresh)
    start_host (self, task);
  else
    run_next (task);
}

static gboolean
check_not_busy (HbSession *self,
                GTask     *task)
{
  if (!self->busy)
    return TRUE;

  g_task_return_new_error (task, HB_SESSION_ERROR, HB_SESSION_ERROR_BUSY,
                           _("The session is busy with another operation"));
  return FALSE;
}

static gboolean
check_can_run (HbSession *self,
               GTask     *task)
{
  if (!check_not_busy (self, task))
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
static gboolean
host_is_current (HbSession *self)
{
  return self->loaded && self->host != NULL && !self->host_exited &&
         (self->stale_from == G_MAXUINT || self->stale_from >= self->cursor);
}

static void
set_alternative (HbSession *self,
                 GPtrArray *rows,
                 guint      at)
{
  guint before = self->alternative ? self->alternative->len : 0;

  g_clear_pointer (&self->alternative, g_ptr_array_unref);
  if (rows != NULL && rows->len > 0)
    self->alternative = g_ptr_array_ref (rows);
  self->alternative_at = at;
  if (before != (self->alternative ? self->alternative->len : 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ALTERNATIVE]);
}

/* Removes rows [@from, end) and returns their data (transfer full). */
static GPtrArray *
take_rows (HbSession *self,
           guint      from)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint n = n_rows (self);

  for (guint i = from; i < n; i++)
    g_ptr_array_add (rows, json_object_ref (hb_json_item_get_data (row_item (self, i))));
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
  guint n = n_rows (self);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(JsonObject) copy = row_copy (g_ptr_array_index (rows, i));

      json_object_set_int_member (copy, "index", n + i);
      json_object_set_boolean_member (copy, "applied", FALSE);
      if (g_strcmp0 (json_object_get_string_member_with_default (copy, "status", ""),
                     "running") == 0)
        json_object_set_string_member (copy, "status", "ahead");
      g_ptr_array_add (items, hb_json_item_new (NULL, copy));
    }
  g_list_store_splice (self->steps, n, 0, items->pdata, items->len);
}

static void
module_settled_cb (gpointer user_data)
{
  HbSession *self = user_data;

  self->module_debounce_id = 0;
  set_boolean (self, &self->module_changed, TRUE, PROP_MODULE_CHANGED);
}

static void
module_file_changed_cb (GFileMonitor      *monitor,
                        GFile             *file,
                        GFile             *other,
                        GFileMonitorEvent  event,
                        HbSession         *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
      break;
    default:
      /* A rebuild deletes and creates: wait for the new file, never offer a missing one. */
      return;
    }

  /* A linker writes a module in many pieces: offer the reload once it has settled. */
  g_clear_handle_id (&self->module_debounce_id, g_source_remove);
  self->module_debounce_id = g_timeout_add_once (MODULE_SETTLE_MS, module_settled_cb, self);
}

static void
unwatch_module (HbSession *self)
{
  g_clear_handle_id (&self->module_debounce_id, g_source_remove);
  if (self->module_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->module_monitor, self);
      g_file_monitor_cancel (self->module_monitor);
      g_clear_object (&self->module_monitor);
    }
}

/* Apps loaded from a module file are watched; bundled apps (by id) never change. */
static void
watch_module (HbSession *self)
{
  const char *path;
  g_autoptr(GFile) file = NULL;

  unwatch_module (self);
  set_boolean (self, &self->module_changed, FALSE, PROP_MODULE_CHANGED);
  path = json_object_get_string_member_with_default (self->app, "module", NULL);
  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  self->module_monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->module_monitor != NULL)
    g_signal_connect (self->module_monitor, "changed", G_CALLBACK (module_file_changed_cb), self);
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

  if (!check_not_busy (self, task))
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
      g_autoptr(JsonObject) row = step_row (i, json_array_get_object_element (steps, i), NULL,
                                            "ahead", NULL);

      g_ptr_array_add (items, hb_json_item_new (NULL, row));
    }
  g_list_store_splice (self->steps, 0, 0, items->pdata, items->len);
  self->stale_from = G_MAXUINT;
  set_alternative (self, NULL, 0);
  set_string (self, &self->nondeterminism, NULL, PROP_NONDETERMINISM);
  watch_module (self);

  begin_run (self, task, step_through ? 0 : n, TRUE);
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
  if (!check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  n_applied = MIN (n_applied, n_rows (self));
  if (host_is_current (self) && n_applied == self->cursor)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  /* Forward from a house that is what the list says: no restart. */
  begin_run (self, task, n_applied, !(host_is_current (self) && n_applied > self->cursor));
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
  if (!check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  n_steps = MIN (n_steps, n_rows (self));
  g_ptr_array_unref (take_rows (self, n_steps));
  if (self->alternative_at > n_steps)
    set_alternative (self, NULL, 0);
  if (self->stale_from >= n_steps)
    self->stale_from = G_MAXUINT;
  begin_run (self, task, n_steps, TRUE);
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
  if (!check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  position = MIN (position, n_rows (self));
  /* The inserted step is applied, and so is everything that was applied before. */
  target = MAX (self->cursor, position) + 1;
  row = step_row (position, step, NULL, "ahead", NULL);
  item = hb_json_item_new (NULL, row);
  g_list_store_insert (self->steps, position, item);
  renumber (self);
  mark_stale (self, position);
  if (self->alternative != NULL && position < self->alternative_at)
    self->alternative_at++;

  begin_run (self, task, target, TRUE);
}

gboolean
hb_session_insert_finish (HbSession     *self,
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
  if (!check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  if (host_is_current (self))
    {
      /* Only steps ahead changed: the house is what it was. */
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  begin_run (self, task, self->cursor, TRUE);
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
  if (!check_can_run (self, task))
    {
      g_object_unref (task);
      return;
    }

  /* New code: every recorded outcome is from the old one, so differences are changes. */
  set_boolean (self, &self->module_changed, FALSE, PROP_MODULE_CHANGED);
  mark_stale (self, 0);
  begin_run (self, task, self->cursor, TRUE);
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
  if (index >= n_rows (self))
    {
      g_set_error (error, HB_SESSION_ERROR, HB_SESSION_ERROR_FAILED,
                   _("There is no step %u"), index + 1);
      return FALSE;
    }

  item = row_item (self, index);
  row = hb_json_item_get_data (item);
  if (row_enabled (row) == !!enabled)
    return TRUE;

  copy = row_copy (row);
  outcome = row_outcome (row);
  json_object_set_boolean_member (copy, "enabled", enabled);
  json_object_set_string_member (copy, "status",
                                 !enabled ? "disabled"
                                 : outcome != NULL ? outcome_status (outcome) : "ahead");
  hb_json_item_set_data (item, copy);
  mark_stale (self, index);
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
  if (index >= n_rows (self) || new_index >= n_rows (self))
    {
      g_set_error (error, HB_SESSION_ERROR, HB_SESSION_ERROR_FAILED,
                   _("Cannot move step %u to position %u: the session has %u steps"),
                   index + 1, new_index + 1, n_rows (self));
      return FALSE;
    }
  if (index == new_index)
    return TRUE;

  item = g_object_ref (row_item (self, index));
  g_list_store_remove (self->steps, index);
  g_list_store_insert (self->steps, new_index, item);
  renumber (self);
  mark_stale (self, MIN (index, new_index));
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
  if (!check_can_run (self, task))
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
  at = MIN (self->alternative_at, n_rows (self));
  restored = g_ptr_array_ref (self->alternative);
  forked = take_rows (self, at);
  append_rows (self, restored);
  set_alternative (self, forked, at);
  if (self->stale_from >= at)
    self->stale_from = G_MAXUINT;

  if (self->cursor <= at && host_is_current (self))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* The house was past the fork: back to the fork point, the restored steps ahead. */
  begin_run (self, task, MIN (self->cursor, at), TRUE);
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
  set_alternative (self, NULL, 0);
}

guint
hb_session_get_alternative_at (HbSession *self)
{
  g_return_val_if_fail (HB_IS_SESSION (self), 0);
  return self->alternative != NULL ? self->alternative_at : 0;
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
  JsonObject *row = step_row (index, json_object_get_object_member (kept, "step"), outcome,
                              !enabled ? "disabled"
                              : outcome != NULL ? outcome_status (outcome) : "ahead",
                              outcome != NULL ? outcome_summary (outcome) : NULL);

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
  if (!check_not_busy (self, task))
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
  set_alternative (self, branch, MIN (alternative_at, n));
  set_string (self, &self->nondeterminism, NULL, PROP_NONDETERMINISM);
  watch_module (self);

  begin_run (self, task, MIN (cursor, n), TRUE);
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
      record_outcome (self, index, NULL, "error", error->message);
      set_cursor (self, index + 1);
      set_busy (self, FALSE);
      if (!g_error_matches (error, HB_HOST_ERROR, HB_HOST_ERROR_DIED))
        set_last_error (self, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (outcome == NULL)
    outcome = res;
  record_outcome (self, index, outcome, outcome_status (outcome), outcome_summary (outcome));
  set_cursor (self, index + 1);
  set_busy (self, FALSE);
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

  if (!check_not_busy (self, task))
    return;

  if (self->host == NULL || !self->loaded)
    {
      g_task_return_new_error (task, HB_SESSION_ERROR, HB_SESSION_ERROR_NO_APP,
                               _("No app is loaded"));
      return;
    }

  /* A new step while steps are ahead forks: they are kept aside as the alternative. */
  if (self->cursor < n_rows (self))
    {
      g_autoptr(GPtrArray) ahead = take_rows (self, self->cursor);

      set_alternative (self, ahead, self->cursor);
    }

  index = n_rows (self);
  row = step_row (index, step, NULL, "running", NULL);
  item = hb_json_item_new (NULL, row);
  g_list_store_append (self->steps, item);
  g_task_set_task_data (task, g_object_ref (item), g_object_unref);

  params = json_object_new ();
  json_object_set_object_member (params, "step", json_object_ref (step));

  self->current_step = index;
  set_busy (self, TRUE);
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

JsonObject *
hb_session_to_scenario (HbSession *self)
{
  JsonObject *scenario = json_object_new ();
  JsonObject *app = json_object_new ();
  JsonArray *steps = json_array_new ();
  guint n;

  g_return_val_if_fail (HB_IS_SESSION (self), NULL);

  json_object_set_string_member (scenario, "format", "hassbench-scenario");
  json_object_set_int_member (scenario, "version", 1);

  if (self->app != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, self->app);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (app, name, json_node_copy (node));
    }
  json_object_set_object_member (app, "config",
                                 self->config ? json_object_ref (self->config) : json_object_new ());
  json_object_set_object_member (scenario, "app", app);
  json_object_set_object_member (scenario, "harness",
                                 self->harness ? json_object_ref (self->harness)
                                               : json_object_new ());

  n = g_list_model_get_n_items (G_LIST_MODEL (self->steps));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (G_LIST_MODEL (self->steps), i);
      JsonObject *step = json_object_get_object_member (hb_json_item_get_data (item), "step");

      /* A disabled step is the user's experiment, not part of the scenario. */
      if (!row_enabled (hb_json_item_get_data (item)))
        continue;
      json_array_add_object_element (steps, json_object_ref (step));
    }
  json_object_set_array_member (scenario, "steps", steps);

  return scenario;
}

gboolean
hb_session_save (HbSession  *self,
                 GFile      *file,
                 GError    **error)
{
  g_autoptr(JsonObject) scenario = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (HB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  scenario = hb_session_to_scenario (self);
  root = json_node_init_object (json_node_alloc (), scenario);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  /* g_file_replace_contents writes a temporary file and renames it over the target. */
  if (!g_file_replace_contents (file, text, len, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL,
                                error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }

  return TRUE;
}

#define GETTER(type, name, field) \
  type hb_session_get_##name (HbSession *self) \
  { \
    g_return_val_if_fail (HB_IS_SESSION (self), (type) 0); \
    return (type) self->field; \
  }

GETTER (GListModel *, steps, steps)
GETTER (GListModel *, entities, entities.store)
GETTER (GListModel *, tasks, tasks.store)
GETTER (GListModel *, jobs, jobs.store)
GETTER (GListModel *, calls, calls)
GETTER (GListModel *, events, events)
GETTER (GListModel *, listeners, listeners.store)
GETTER (GListModel *, errors, errors)
GETTER (GListModel *, log, log)
GETTER (gboolean, busy, busy)
GETTER (gboolean, loaded, loaded)
GETTER (const char *, app_title, app_title)
GETTER (const char *, clock_now, clock_now)
GETTER (gboolean, clock_frozen, clock_frozen)
GETTER (const char *, time_zone, time_zone)
GETTER (const char *, last_error, last_error)
GETTER (JsonArray *, config_schema, config_schema)
GETTER (JsonObject *, example_house, example_house)
GETTER (JsonObject *, app, app)
GETTER (JsonObject *, config, config)
GETTER (guint, cursor, cursor)
GETTER (double, progress, progress)
GETTER (gboolean, replaying, replaying)
GETTER (const char *, nondeterminism, nondeterminism)
GETTER (gboolean, module_changed, module_changed)

#undef GETTER

void
hb_session_close (HbSession *self)
{
  g_return_if_fail (HB_IS_SESSION (self));

  drop_host (self);
  unwatch_module (self);
}

gboolean
hb_session_get_host_exited (HbSession *self)
{
  g_return_val_if_fail (HB_IS_SESSION (self), FALSE);

  return self->host_exited;
}

void
hb_session_clear_last_error (HbSession *self)
{
  g_return_if_fail (HB_IS_SESSION (self));
  set_last_error (self, NULL);
}

guint
hb_session_get_n_alternative (HbSession *self)
{
  g_return_val_if_fail (HB_IS_SESSION (self), 0);
  return self->alternative != NULL ? self->alternative->len : 0;
}

GListModel *
hb_session_dup_alternative (HbSession *self)
{
  GListStore *store;

  g_return_val_if_fail (HB_IS_SESSION (self), NULL);

  store = g_list_store_new (HB_TYPE_JSON_ITEM);
  for (guint i = 0; self->alternative != NULL && i < self->alternative->len; i++)
    {
      g_autoptr(HbJsonItem) item = hb_json_item_new (NULL,
                                                      g_ptr_array_index (self->alternative, i));

      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

void
hb_session_clear_nondeterminism (HbSession *self)
{
  g_return_if_fail (HB_IS_SESSION (self));
  set_string (self, &self->nondeterminism, NULL, PROP_NONDETERMINISM);
}

void
hb_session_dismiss_module_change (HbSession *self)
{
  g_return_if_fail (HB_IS_SESSION (self));
  set_boolean (self, &self->module_changed, FALSE, PROP_MODULE_CHANGED);
}
