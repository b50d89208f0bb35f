/* hb-scenario.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-json-private.h"

#include <string.h>

#include "hb-scenario.h"
#include "hb-clock.h"
#include "hb-compat-private.h"
#include "hb-json.h"
#include "hb-json-text-private.h"
#include "hb-scenario-private.h"
#include "hb-step-private.h"

struct _HbScenario
{
  GObject     parent_instance;

  char       *description;
  char       *app_id;
  char       *app_module;
  char       *app_type;
  JsonObject *config;
  char       *start_time;
  char       *time_zone;
  guint64     seed;
  gboolean    has_seed;
  char       *base_dir;
  GPtrArray  *steps;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HbScenario, hb_scenario, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return HB_TYPE_STEP;
}

static guint
get_n_items (GListModel *model)
{
  return HB_SCENARIO (model)->steps->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  HbScenario *self = HB_SCENARIO (model);

  if (position >= self->steps->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->steps, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
hb_scenario_finalize (GObject *object)
{
  HbScenario *self = (HbScenario *) object;

  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->app_id, g_free);
  g_clear_pointer (&self->app_module, g_free);
  g_clear_pointer (&self->app_type, g_free);
  g_clear_pointer (&self->config, json_object_unref);
  g_clear_pointer (&self->start_time, g_free);
  g_clear_pointer (&self->time_zone, g_free);
  g_clear_pointer (&self->base_dir, g_free);
  g_clear_pointer (&self->steps, g_ptr_array_unref);

  G_OBJECT_CLASS (hb_scenario_parent_class)->finalize (object);
}

static void
hb_scenario_class_init (HbScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_scenario_finalize;
}

static void
hb_scenario_init (HbScenario *self)
{
  self->config = json_object_new ();
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
}

HbScenario *
hb_scenario_new (void)
{
  return g_object_new (HB_TYPE_SCENARIO, NULL);
}

/*
 * Reading.
 */

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

G_GNUC_PRINTF (4, 5)
static gboolean
fail (GError     **error,
      int          code,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (path != NULL && *path != '\0')
    g_set_error (error, HB_SCENARIO_ERROR, code, "%s: %s", path, message);
  else
    g_set_error_literal (error, HB_SCENARIO_ERROR, code, message);

  return FALSE;
}

static gboolean
check_members (JsonObject         *object,
               const char         *path,
               const char * const *known,
               GError            **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!g_strv_contains (known, name))
        {
          g_autoptr(GString) sub = g_string_new (path);
          g_autofree char *list = g_strjoinv (", ", (char **) known);

          _hb_json_path_append_key (sub, name);
          return fail (error, HB_SCENARIO_ERROR_UNKNOWN_FIELD, sub->str,
                       "unknown field; expected one of %s", list);
        }
    }

  return TRUE;
}

static gboolean
get_string (JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GString) sub = g_string_new (path);

  _hb_json_path_append_key (sub, member);
  *out = NULL;

  if (node == NULL)
    {
      if (required)
        return fail (error, HB_SCENARIO_ERROR_MISSING_FIELD, sub->str, "missing");
      return TRUE;
    }

  if (!is_string (node))
    return fail (error, HB_SCENARIO_ERROR_WRONG_TYPE, sub->str, "expected a string, got %s",
                 _hb_json_type_name (node));
  if (*json_node_get_string (node) == '\0')
    return fail (error, HB_SCENARIO_ERROR_INVALID_VALUE, sub->str, "must not be empty");

  *out = json_node_get_string (node);

  return TRUE;
}

static gboolean
check_start_time (const char  *text,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) instant = NULL;
  g_autoptr(GError) local_error = NULL;

  instant = hb_parse_instant (text, utc, &local_error);
  if (instant == NULL)
    return fail (error, HB_SCENARIO_ERROR_INVALID_VALUE, path, "%s", local_error->message);

  return TRUE;
}

static gboolean
check_time_zone (const char  *text,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (text);

  if (zone == NULL)
    return fail (error, HB_SCENARIO_ERROR_INVALID_VALUE, path,
                 "unknown time zone '%s' (expected \"UTC\", an IANA name like "
                 "\"Europe/Berlin\", or an offset like \"+02:00\")", text);

  return TRUE;
}

static gboolean
parse_app (HbScenario  *self,
           JsonNode    *node,
           GError     **error)
{
  static const char * const known[] = { "id", "module", "type", "config", NULL };
  JsonObject *app;
  JsonNode *config;
  const char *id;
  const char *module;
  const char *type;

  if (node == NULL)
    return fail (error, HB_SCENARIO_ERROR_MISSING_FIELD, "app",
                 "missing; expected {\"id\": \"motion-lights\"} or "
                 "{\"module\": \"path/to/module.so\", \"type\": \"MyApp\"}");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, HB_SCENARIO_ERROR_WRONG_TYPE, "app", "expected an object, got %s",
                 _hb_json_type_name (node));

  app = json_node_get_object (node);
  if (!check_members (app, "app", known, error) ||
      !get_string (app, "app", "id", FALSE, &id, error) ||
      !get_string (app, "app", "module", FALSE, &module, error) ||
      !get_string (app, "app", "type", FALSE, &type, error))
    return FALSE;

  if (module == NULL && type != NULL)
    return fail (error, HB_SCENARIO_ERROR_MISSING_FIELD, "app.module",
                 "missing; \"type\" names a type inside a module, so \"module\" is needed");
  if (module == NULL && id == NULL)
    return fail (error, HB_SCENARIO_ERROR_MISSING_FIELD, "app.id",
                 "missing; name a bundled app with \"id\", or a module with \"module\" and "
                 "\"type\" (or \"id\")");
  if (module != NULL && type == NULL && id == NULL)
    return fail (error, HB_SCENARIO_ERROR_MISSING_FIELD, "app.type",
                 "missing; name the app inside the module with \"type\" (its type name) or "
                 "\"id\"");

  config = json_object_get_member (app, "config");
  if (config != NULL && !JSON_NODE_HOLDS_OBJECT (config))
    return fail (error, HB_SCENARIO_ERROR_WRONG_TYPE, "app.config",
                 "expected an object, got %s", _hb_json_type_name (config));

  self->app_id = g_strdup (id);
  self->app_module = g_strdup (module);
  self->app_type = g_strdup (type);
  if (config != NULL)
    {
      g_autoptr(JsonNode) copy = _hb_json_node_dup (config);

      g_clear_pointer (&self->config, json_object_unref);
      self->config = json_object_ref (json_node_get_object (copy));
    }

  return TRUE;
}

static gboolean
parse_harness (HbScenario  *self,
               JsonNode    *node,
               GError     **error)
{
  static const char * const known[] = { "start_time", "time_zone", "seed", NULL };
  JsonObject *harness;
  JsonNode *seed;
  const char *start_time;
  const char *time_zone;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, HB_SCENARIO_ERROR_WRONG_TYPE, "harness", "expected an object, got %s",
                 _hb_json_type_name (node));

  harness = json_node_get_object (node);
  if (!check_members (harness, "harness", known, error) ||
      !get_string (harness, "harness", "start_time", FALSE, &start_time, error) ||
      !get_string (harness, "harness", "time_zone", FALSE, &time_zone, error))
    return FALSE;

  if (start_time != NULL && !check_start_time (start_time, "harness.start_time", error))
    return FALSE;
  if (time_zone != NULL && !check_time_zone (time_zone, "harness.time_zone", error))
    return FALSE;

  seed = json_object_get_member (harness, "seed");
  if (seed != NULL)
    {
      if (!is_integer (seed))
        return fail (error, HB_SCENARIO_ERROR_WRONG_TYPE, "harness.seed",
                     "expected an integer >= 0, got %s", _hb_json_type_name (seed));
      if (json_node_get_int (seed) < 0)
        return fail (error, HB_SCENARIO_ERROR_INVALID_VALUE, "harness.seed",
                     "expected an integer >= 0, got %" G_GINT64_FORMAT,
                     json_node_get_int (seed));
      self->seed = (guint64) json_node_get_int (seed);
      self->has_seed = TRUE;
    }

  self->start_time = g_strdup (start_time);
  self->time_zone = g_strdup (time_zone);

  return TRUE;
}

static gboolean
parse_root (HbScenario  *self,
            JsonNode    *root,
            GError     **error)
{
  static const char * const known[] = {
    "format", "version", "description", "app", "harness", "steps", NULL
  };
  JsonObject *object;
  JsonNode *format;
  JsonNode *version;
  JsonNode *steps;
  const char *description;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, HB_SCENARIO_ERROR_UNKNOWN_FORMAT, NULL,
                 "not a hassbench scenario: expected an object "
                 "{\"format\": \"hassbench-scenario\", ...}, got %s", _hb_json_type_name (root));

  object = json_node_get_object (root);

  /* Format and version first: a newer version may well have fields this one lacks. */
  format = json_object_get_member (object, "format");
  if (format == NULL)
    return fail (error, HB_SCENARIO_ERROR_UNKNOWN_FORMAT, "format",
                 "missing; a scenario starts with \"format\": \"" HB_SCENARIO_FORMAT "\"");
  if (!is_string (format) || strcmp (json_node_get_string (format), HB_SCENARIO_FORMAT) != 0)
    {
      g_autoptr(GString) got = g_string_new (NULL);

      _hb_json_text_write (got, format, 0, 0);
      return fail (error, HB_SCENARIO_ERROR_UNKNOWN_FORMAT, "format",
                   "expected \"" HB_SCENARIO_FORMAT "\", got %s: not a hassbench scenario",
                   got->str);
    }

  version = json_object_get_member (object, "version");
  if (version == NULL)
    return fail (error, HB_SCENARIO_ERROR_MISSING_FIELD, "version",
                 "missing; expected \"version\": %d", HB_SCENARIO_VERSION);
  if (!is_integer (version))
    return fail (error, HB_SCENARIO_ERROR_WRONG_TYPE, "version", "expected an integer, got %s",
                 _hb_json_type_name (version));
  if (json_node_get_int (version) != HB_SCENARIO_VERSION)
    return fail (error, HB_SCENARIO_ERROR_UNSUPPORTED_VERSION, "version",
                 "this is a version %" G_GINT64_FORMAT " scenario; this build of Hassbench "
                 "reads version %d only%s", json_node_get_int (version), HB_SCENARIO_VERSION,
                 json_node_get_int (version) > HB_SCENARIO_VERSION
                 ? " (the file was written by a newer Hassbench)" : "");

  if (!check_members (object, "", known, error) ||
      !get_string (object, "", "description", FALSE, &description, error) ||
      !parse_app (self, json_object_get_member (object, "app"), error) ||
      !parse_harness (self, json_object_get_member (object, "harness"), error))
    return FALSE;
  self->description = g_strdup (description);

  steps = json_object_get_member (object, "steps");
  if (steps == NULL)
    return fail (error, HB_SCENARIO_ERROR_MISSING_FIELD, "steps",
                 "missing; expected an array of steps (it may be empty)");
  if (!JSON_NODE_HOLDS_ARRAY (steps))
    return fail (error, HB_SCENARIO_ERROR_WRONG_TYPE, "steps",
                 "expected an array of steps, got %s", _hb_json_type_name (steps));

  array = json_node_get_array (steps);
  g_ptr_array_set_size (self->steps, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("steps[%u]", i);
      HbStep *step = _hb_step_new_at (json_array_get_element (array, i), prefix, error);

      if (step == NULL)
        return FALSE;
      g_ptr_array_add (self->steps, step);
    }

  return TRUE;
}

HbScenario *
hb_scenario_new_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(HbScenario) self = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  self = hb_scenario_new ();
  if (!parse_root (self, node, error))
    return NULL;

  return g_steal_pointer (&self);
}

HbScenario *
hb_scenario_new_from_data (const char  *data,
                           gssize       length,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(HbScenario) self = NULL;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (data == NULL)
    data = "";
  len = length < 0 ? strlen (data) : (gsize) length;

  root = _hb_json_text_parse (data, len, &local_error);
  if (root != NULL)
    {
      self = hb_scenario_new ();
      if (!parse_root (self, root, &local_error))
        {
          _hb_step_locate_error (data, len, local_error->message, &local_error);
          g_clear_object (&self);
        }
    }

  if (local_error != NULL)
    {
      if (name != NULL)
        g_prefix_error (&local_error, "%s:%s", name,
                        g_ascii_isdigit (local_error->message[0]) ? "" : " ");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}

HbScenario *
hb_scenario_new_from_file (const char  *path,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr(GError) local_error = NULL;
  HbScenario *self;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      /* GLib's message already names the file. */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = hb_scenario_new_from_data (contents, length, path, error);
  if (self == NULL)
    return NULL;

  /* Absolute, so that a later change of directory does not move the module. */
  dir = g_path_get_dirname (path);
  canonical = g_canonicalize_filename (dir, NULL);
  hb_scenario_set_base_dir (self, canonical);

  return self;
}

/*
 * Writing.
 */
JsonNode *
hb_scenario_to_json (HbScenario *self)
{
  JsonObject *root;
  JsonObject *app;
  JsonObject *harness;
  JsonArray *steps;
  JsonNode *node;

  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  root = json_object_new ();
  json_object_set_string_member (root, "format", HB_SCENARIO_FORMAT);
  json_object_set_int_member (root, "version", HB_SCENARIO_VERSION);
  if (self->description != NULL)
    json_object_set_string_member (root, "description", self->description);

  app = json_object_new ();
  if (self->app_id != NULL)
    json_object_set_string_member (app, "id", self->app_id);
  if (self->app_module != NULL)
    json_object_set_string_member (app, "module", self->app_module);
  if (self->app_type != NULL)
    json_object_set_string_member (app, "type", self->app_type);
  json_object_set_object_member (app, "config", hb_json_object_copy (self->config));
  json_object_set_object_member (root, "app", app);

  harness = json_object_new ();
  if (self->start_time != NULL)
    json_object_set_string_member (harness, "start_time", self->start_time);
  if (self->time_zone != NULL)
    json_object_set_string_member (harness, "time_zone", self->time_zone);
  if (self->has_seed)
    json_object_set_int_member (harness, "seed", (gint64) self->seed);
  json_object_set_object_member (root, "harness", harness);

  steps = json_array_sized_new (self->steps->len);
  for (guint i = 0; i < self->steps->len; i++)
    json_array_add_object_element (steps, hb_step_to_json (g_ptr_array_index (self->steps, i)));
  json_object_set_array_member (root, "steps", steps);

  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);

  return node;
}

char *
hb_scenario_to_data (HbScenario *self,
                     gsize      *length)
{
  g_autoptr(JsonNode) root = NULL;
  GString *out;

  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  root = hb_scenario_to_json (self);
  out = g_string_new (NULL);
  /* Depth 2 is a step, or the app's config: one line each keeps diffs readable. */
  _hb_json_text_write (out, root, 2, 2);
  g_string_append_c (out, '\n');

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

gboolean
hb_scenario_save (HbScenario  *self,
                  const char  *path,
                  GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (HB_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = hb_scenario_to_data (self, &length);

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0644, error);
}

/*
 * Properties.
 */
const char *
hb_scenario_get_description (HbScenario *self)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  return self->description;
}

void
hb_scenario_set_description (HbScenario *self,
                             const char *description)
{
  g_return_if_fail (HB_IS_SCENARIO (self));

  hb_set_str (&self->description, description);
}

const char *
hb_scenario_get_app_id (HbScenario *self)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  return self->app_id;
}

void
hb_scenario_set_app_id (HbScenario *self,
                        const char *app_id)
{
  g_return_if_fail (HB_IS_SCENARIO (self));

  hb_set_str (&self->app_id, app_id);
}

const char *
hb_scenario_get_app_module (HbScenario *self)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  return self->app_module;
}

void
hb_scenario_set_app_module (HbScenario *self,
                            const char *module)
{
  g_return_if_fail (HB_IS_SCENARIO (self));

  hb_set_str (&self->app_module, module);
}

const char *
hb_scenario_get_app_type (HbScenario *self)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  return self->app_type;
}

void
hb_scenario_set_app_type (HbScenario *self,
                          const char *type_name)
{
  g_return_if_fail (HB_IS_SCENARIO (self));

  hb_set_str (&self->app_type, type_name);
}

JsonObject *
hb_scenario_get_config (HbScenario *self)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  return self->config;
}

void
hb_scenario_set_config (HbScenario *self,
                        JsonObject *config)
{
  g_return_if_fail (HB_IS_SCENARIO (self));

  g_clear_pointer (&self->config, json_object_unref);
  self->config = config != NULL ? hb_json_object_copy (config) : json_object_new ();
}

const char *
hb_scenario_get_start_time (HbScenario *self)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  return self->start_time;
}

gboolean
hb_scenario_set_start_time (HbScenario  *self,
                            const char  *start_time,
                            GError     **error)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), FALSE);

  if (start_time != NULL && !check_start_time (start_time, "harness.start_time", error))
    return FALSE;

  hb_set_str (&self->start_time, start_time);

  return TRUE;
}

const char *
hb_scenario_get_time_zone (HbScenario *self)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  return self->time_zone;
}

gboolean
hb_scenario_set_time_zone (HbScenario  *self,
                           const char  *time_zone,
                           GError     **error)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), FALSE);

  if (time_zone != NULL && !check_time_zone (time_zone, "harness.time_zone", error))
    return FALSE;

  hb_set_str (&self->time_zone, time_zone);

  return TRUE;
}

gboolean
hb_scenario_get_seed (HbScenario *self,
                      guint64    *seed)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), FALSE);

  if (seed != NULL)
    *seed = self->seed;

  return self->has_seed;
}

void
hb_scenario_set_seed (HbScenario *self,
                      guint64     seed)
{
  g_return_if_fail (HB_IS_SCENARIO (self));
  /* JSON integers are signed 64-bit. */
  g_return_if_fail (seed <= G_MAXINT64);

  self->seed = seed;
  self->has_seed = TRUE;
}

const char *
hb_scenario_get_base_dir (HbScenario *self)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  return self->base_dir;
}

void
hb_scenario_set_base_dir (HbScenario *self,
                          const char *base_dir)
{
  g_return_if_fail (HB_IS_SCENARIO (self));

  hb_set_str (&self->base_dir, base_dir);
}

/*
 * Steps.
 */
guint
hb_scenario_get_n_steps (HbScenario *self)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), 0);

  return self->steps->len;
}

HbStep *
hb_scenario_get_step (HbScenario *self,
                      guint       index)
{
  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, index);
}

void
hb_scenario_append_step (HbScenario *self,
                         HbStep     *step)
{
  g_return_if_fail (HB_IS_SCENARIO (self));

  hb_scenario_insert_step (self, self->steps->len, step);
}

void
hb_scenario_insert_step (HbScenario *self,
                         guint       index,
                         HbStep     *step)
{
  g_return_if_fail (HB_IS_SCENARIO (self));
  g_return_if_fail (HB_IS_STEP (step));
  g_return_if_fail (index <= self->steps->len);

  g_ptr_array_insert (self->steps, index, g_object_ref (step));
  g_list_model_items_changed (G_LIST_MODEL (self), index, 0, 1);
}

void
hb_scenario_remove_step (HbScenario *self,
                         guint       index)
{
  g_return_if_fail (HB_IS_SCENARIO (self));
  g_return_if_fail (index < self->steps->len);

  g_ptr_array_remove_index (self->steps, index);
  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);
}

void
hb_scenario_remove_all_steps (HbScenario *self)
{
  guint n;

  g_return_if_fail (HB_IS_SCENARIO (self));

  n = self->steps->len;
  if (n == 0)
    return;

  g_ptr_array_set_size (self->steps, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

gboolean
hb_scenario_equal (HbScenario *a,
                   HbScenario *b)
{
  g_autoptr(JsonNode) ja = NULL;
  g_autoptr(JsonNode) jb = NULL;

  g_return_val_if_fail (HB_IS_SCENARIO (a), FALSE);
  g_return_val_if_fail (HB_IS_SCENARIO (b), FALSE);

  ja = hb_scenario_to_json (a);
  jb = hb_scenario_to_json (b);

  return hb_json_equal (ja, jb);
}

/*
 * Running.
 */
gboolean
hb_scenario_configure_harness (HbScenario  *self,
                               HbHarness   *harness,
                               GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (HB_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (HB_IS_HARNESS (harness), FALSE);

  if (self->time_zone != NULL)
    {
      zone = g_time_zone_new_identifier (self->time_zone);
      if (zone == NULL)
        return fail (error, HB_SCENARIO_ERROR_INVALID_VALUE, "harness.time_zone",
                     "unknown time zone '%s'", self->time_zone);
      hb_harness_set_time_zone (harness, zone);
    }

  if (self->start_time != NULL)
    {
      g_autoptr(GTimeZone) utc = NULL;
      g_autoptr(GDateTime) start = NULL;
      g_autoptr(GError) local_error = NULL;

      if (zone == NULL)
        zone = utc = g_time_zone_new_utc ();
      start = hb_parse_instant (self->start_time, zone, &local_error);
      if (utc != NULL)
        zone = NULL;
      if (start == NULL)
        return fail (error, HB_SCENARIO_ERROR_INVALID_VALUE, "harness.start_time", "%s",
                     local_error->message);
      hb_harness_set_start_time (harness, start);
    }

  if (self->has_seed)
    hb_harness_set_seed (harness, self->seed);

  return TRUE;
}

HbHarness *
hb_scenario_create_harness (HbScenario     *self,
                            HbAppRegistry  *registry,
                            GError        **error)
{
  g_autoptr(HbAppRegistry) own = NULL;
  g_autoptr(HbHarness) harness = NULL;
  GType type;

  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (registry == NULL || HB_IS_APP_REGISTRY (registry), NULL);

  if (self->app_id == NULL && self->app_module == NULL)
    {
      fail (error, HB_SCENARIO_ERROR_MISSING_FIELD, "app.id", "the scenario names no app");
      return NULL;
    }

  if (registry == NULL)
    registry = own = hb_app_registry_new ();

  type = hb_app_registry_resolve (registry, self->app_id, self->app_module, self->app_type,
                                  self->base_dir, error);
  if (type == G_TYPE_INVALID)
    return NULL;

  harness = hb_harness_new (type, self->config);
  if (!hb_scenario_configure_harness (self, harness, error))
    return NULL;

  return g_steal_pointer (&harness);
}

gboolean
_hb_scenario_expects_drain_error (HbScenario *self,
                                  guint       index)
{
  g_assert (HB_IS_SCENARIO (self));

  for (guint j = index + 1; j < self->steps->len; j++)
    {
      HbStep *step = g_ptr_array_index (self->steps, j);

      if (!hb_step_is_expectation (step))
        return FALSE;
      if (hb_step_get_kind (step) == HB_STEP_EXPECT_DRAIN_ERROR)
        return TRUE;
    }

  return FALSE;
}

gboolean
hb_scenario_run (HbScenario          *self,
                 HbHarness           *harness,
                 HbScenarioStepFunc   func,
                 gpointer             user_data,
                 GError             **error)
{
  g_autoptr(GError) first = NULL;

  g_return_val_if_fail (HB_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (HB_IS_HARNESS (harness), FALSE);

  for (guint i = 0; i < self->steps->len; i++)
    {
      HbStep *step = g_ptr_array_index (self->steps, i);
      g_autoptr(HbOutcome) outcome = NULL;
      g_autoptr(GError) step_error = NULL;
      gboolean expectation = hb_step_is_expectation (step);
      gboolean stop = FALSE;
      const GError *failure = NULL;

      /* Without a callback nobody looks at outcomes: a plain replay records nothing. */
      if (!hb_harness_apply_step (harness, step, func != NULL ? &outcome : NULL, &step_error))
        {
          /* An action's failure an expect_drain_error right after it expects is that
           * step's to judge. */
          if (expectation || !_hb_scenario_expects_drain_error (self, i))
            {
              failure = step_error;
              stop = !expectation;
            }
        }

      if (func != NULL)
        func (self, i, step, outcome, failure, user_data);

      if (failure != NULL && first == NULL)
        first = g_error_new (step_error->domain, step_error->code, "steps[%u] (%s): %s", i,
                             hb_step_kind_to_string (hb_step_get_kind (step)),
                             step_error->message);

      if (stop)
        break;
    }

  if (first != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return FALSE;
    }

  return TRUE;
}
