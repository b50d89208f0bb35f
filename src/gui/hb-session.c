/* hb-session.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-session-private.h"

#define MODULE_SETTLE_MS 400 /* a module file quiet this long is rebuilt */

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HbSession, hb_session, G_TYPE_OBJECT)
G_DEFINE_QUARK (hb-session-error-quark, hb_session_error)

void
_hb_session_set_string (HbSession   *self,
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

void
_hb_session_set_boolean (HbSession *self,
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

void
_hb_session_set_last_error (HbSession  *self,
                            const char *message)
{
  _hb_session_set_string (self, &self->last_error, message, PROP_LAST_ERROR);
}

void
_hb_session_set_busy (HbSession *self,
                      gboolean   busy)
{
  _hb_session_set_boolean (self, &self->busy, busy, PROP_BUSY);
}

void
_hb_session_set_cursor (HbSession *self,
                        guint      cursor)
{
  if (self->cursor == cursor)
    return;
  self->cursor = cursor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
}

void
_hb_session_set_progress (HbSession *self,
                          double     progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
_hb_session_set_alternative (HbSession *self,
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

static void unwatch_module (HbSession *self);

static void
hb_session_dispose (GObject *object)
{
  HbSession *self = HB_SESSION (object);

  _hb_session_drop_host (self);
  unwatch_module (self);

  G_OBJECT_CLASS (hb_session_parent_class)->dispose (object);
}

static void
hb_session_finalize (GObject *object)
{
  HbSession *self = HB_SESSION (object);

  g_strfreev (self->host_argv);
  g_clear_object (&self->steps);
  _hb_session_keyed_pane_destroy (&self->entities);
  _hb_session_keyed_pane_destroy (&self->tasks);
  _hb_session_keyed_pane_destroy (&self->jobs);
  _hb_session_keyed_pane_destroy (&self->listeners);
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
  _hb_session_keyed_pane_init (&self->entities);
  _hb_session_keyed_pane_init (&self->tasks);
  _hb_session_keyed_pane_init (&self->jobs);
  _hb_session_keyed_pane_init (&self->listeners);
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

static void
module_settled_cb (gpointer user_data)
{
  HbSession *self = user_data;

  self->module_debounce_id = 0;
  _hb_session_set_boolean (self, &self->module_changed, TRUE, PROP_MODULE_CHANGED);
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
void
_hb_session_watch_module (HbSession *self)
{
  const char *path;
  g_autoptr(GFile) file = NULL;

  unwatch_module (self);
  _hb_session_set_boolean (self, &self->module_changed, FALSE, PROP_MODULE_CHANGED);
  path = json_object_get_string_member_with_default (self->app, "module", NULL);
  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  self->module_monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->module_monitor != NULL)
    g_signal_connect (self->module_monitor, "changed", G_CALLBACK (module_file_changed_cb), self);
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
                                 self->config ? json_object_ref (self->config)
                                              : json_object_new ());
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
      if (!_hb_session_row_enabled (hb_json_item_get_data (item)))
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

  _hb_session_drop_host (self);
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
  _hb_session_set_last_error (self, NULL);
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
  _hb_session_set_string (self, &self->nondeterminism, NULL, PROP_NONDETERMINISM);
}

void
hb_session_dismiss_module_change (HbSession *self)
{
  g_return_if_fail (HB_IS_SESSION (self));
  _hb_session_set_boolean (self, &self->module_changed, FALSE, PROP_MODULE_CHANGED);
}
