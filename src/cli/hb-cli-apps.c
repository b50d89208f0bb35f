/* hb-cli-apps.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-cli.h"

static JsonObject *
app_to_json (HbModule *module,
             guint     index)
{
  GType type = hb_module_get_app_type (module, index);
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  HbConfigSchema *schema = hb_app_class_get_config_schema (HB_APP_CLASS (klass));
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", hb_module_get_app_id (module, index));
  json_object_set_string_member (object, "display_name",
                                 hb_module_get_app_display_name (module, index));
  json_object_set_string_member (object, "type", g_type_name (type));
  if (hb_module_get_app_description (module, index) != NULL)
    json_object_set_string_member (object, "description",
                                   hb_module_get_app_description (module, index));
  json_object_set_string_member (object, "module", hb_module_get_path (module));
  json_object_set_array_member (object, "config", hb_config_schema_to_json (schema));

  return object;
}

static void
print_app (JsonObject *app)
{
  JsonArray *config = json_object_get_array_member (app, "config");

  hb_cli_out ("%s - %s\n", json_object_get_string_member (app, "id"),
           json_object_get_string_member (app, "display_name"));
  if (json_object_has_member (app, "description"))
    hb_cli_out ("  %s\n", json_object_get_string_member (app, "description"));
  hb_cli_out ("  type %s, module %s\n", json_object_get_string_member (app, "type"),
           json_object_get_string_member (app, "module"));
  hb_cli_out ("  config:\n");

  for (guint i = 0; i < json_array_get_length (config); i++)
    {
      JsonObject *field = json_array_get_object_element (config, i);
      JsonNode *def = json_object_get_member (field, "default");
      gboolean required = json_object_get_boolean_member_with_default (field, "required",
                                                                       FALSE);
      g_autofree char *default_text = NULL;
      const char *description = json_object_get_string_member_with_default (field,
                                                                            "description",
                                                                            NULL);

      if (!required && def != NULL)
        default_text = hb_json_to_string (def);

      hb_cli_out ("    %-24s %-10s %s%s%s%s\n",
               json_object_get_string_member_with_default (field, "name", "?"),
               json_object_get_string_member_with_default (field, "type", "?"),
               required ? "required" : "default ",
               default_text != NULL ? default_text : "",
               description != NULL && *description ? "  " : "",
               description != NULL ? description : "");
    }
}

static int
compare_apps (gconstpointer a,
              gconstpointer b)
{
  JsonObject *x = *(JsonObject * const *) a;
  JsonObject *y = *(JsonObject * const *) b;

  return strcmp (json_object_get_string_member (x, "id"),
                 json_object_get_string_member (y, "id"));
}

static const char apps_examples[] =
  "The bundled apps are found without a path (in HB_APPS_PATH, then the installed apps\n"
  "directory); --module adds a module of your own.\n"
  "\n"
  "Examples:\n"
  "  hassbench-cli apps\n"
  "  hassbench-cli apps --module _build/libmy-app.so\n"
  "  hassbench-cli apps --format=json\n";

int
hb_cli_apps (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HbAppRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_auto(GStrv) modules = NULL;
  g_autofree char *format = NULL;
  gboolean no_bundled = FALSE;
  guint n_modules;
  const GOptionEntry entries[] = {
    { "module", 'm', 0, G_OPTION_ARG_FILENAME_ARRAY, &modules,
      "Also list the apps of the module FILE (repeatable)", "FILE" },
    { "no-bundled", 0, 0, G_OPTION_ARG_NONE, &no_bundled, "Leave out the bundled apps", NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: text (default) or json",
      "FORMAT" },
    { NULL }
  };

  context = hb_cli_context_new ("apps", NULL,
                                "List the apps of the bundled and given modules, with their "
                                "config fields.", apps_examples);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hb_cli_parse (context, &argc, &argv))
    return HB_CLI_EXIT_USAGE;
  if (argc != 1)
    return hb_cli_fail ("apps", "unexpected argument '%s'", argv[1]);
  if (format != NULL && g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0)
    return hb_cli_fail ("apps", "unknown format '%s'; expected text or json", format);

  registry = hb_app_registry_new ();
  for (guint i = 0; modules != NULL && modules[i] != NULL; i++)
    if (hb_app_registry_load_module (registry, modules[i], &error) == NULL)
      return hb_cli_fail ("apps", "%s", error->message);
  if (!no_bundled && !hb_app_registry_load_bundled (registry, &error))
    return hb_cli_fail ("apps", "%s", error->message);

  apps = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  n_modules = g_list_model_get_n_items (G_LIST_MODEL (registry));
  for (guint m = 0; m < n_modules; m++)
    {
      g_autoptr(HbModule) module = g_list_model_get_item (G_LIST_MODEL (registry), m);

      for (guint i = 0; i < hb_module_get_n_apps (module); i++)
        g_ptr_array_add (apps, app_to_json (module, i));
    }
  g_ptr_array_sort (apps, compare_apps);

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      for (guint i = 0; i < apps->len; i++)
        json_array_add_object_element (array, json_object_ref (g_ptr_array_index (apps, i)));
      node = json_node_init_array (json_node_alloc (), array);
      text = hb_json_to_string (node);
      hb_cli_out ("%s\n", text);
      return HB_CLI_EXIT_OK;
    }

  if (apps->len == 0)
    {
      g_auto(GStrv) dirs = hb_app_registry_get_search_path (registry);
      g_autofree char *path = g_strjoinv (":", dirs);

      hb_cli_out ("No apps found (searched %s).\n", path);
      return HB_CLI_EXIT_OK;
    }

  for (guint i = 0; i < apps->len; i++)
    {
      if (i > 0)
        hb_cli_out ("\n");
      print_app (g_ptr_array_index (apps, i));
    }

  return HB_CLI_EXIT_OK;
}
