/* hb-light-group.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-light-group.h"

struct _HbLightGroup
{
  HbApp parent_instance;
};

/* The keys of the primary's call that the accent light follows. */
static const char * const copied_keys[] = { "brightness", "color_temp" };

static gboolean
light_group_primary_on_cb (HbEvent   *event,
                           HbTask    *task,
                           gpointer   user_data,
                           GError   **error)
{
  HbApp *app = HB_APP (user_data);
  JsonObject *service_data = hb_event_get_service_data (event);
  g_autoptr(JsonObject) data = json_object_new ();

  json_object_set_string_member (data, "entity_id",
                                 hb_app_get_config_string (app, "accent_light"));

  for (guint i = 0; service_data != NULL && i < G_N_ELEMENTS (copied_keys); i++)
    {
      JsonNode *value = json_object_get_member (service_data, copied_keys[i]);

      if (value != NULL)
        json_object_set_member (data, copied_keys[i], json_node_copy (value));
    }

  return hb_recording_api_call_service (hb_app_get_api (app), "light", "turn_on",
                                        NULL, FALSE, data, error);
}

static gboolean
hb_light_group_initialize (HbApp    *app,
                           HbTask   *task,
                           GError  **error)
{
  const char *glob = hb_app_get_config_string (app, "primary_glob");
  g_autoptr(HbListener) listener = NULL;
  HbCondition *entity_condition;

  /* Literal equality by default: a list of entity ids containing the primary is not
   * the primary (equality of a string with an array is false, and so is a glob). */
  if (glob == NULL || *glob == '\0')
    {
      entity_condition =
        hb_condition_equals_string (hb_app_get_config_string (app, "primary_light"));
    }
  else
    {
      entity_condition = hb_condition_glob (glob, error);
      if (entity_condition == NULL)
        {
          g_prefix_error (error, "primary_glob: ");
          return FALSE;
        }
    }

  listener = hb_listener_new_call_service ("primary_light_on", "light", "turn_on");
  hb_listener_add_where (listener,
                         hb_predicate_value_is (HB_VALUE_SERVICE_DATA, "entity_id",
                                                entity_condition));
  hb_listener_set_handler (listener, light_group_primary_on_cb, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener,
                              HB_IF_EXISTS_ERROR, error) != NULL;
}

static void
hb_light_group_class_init (HbLightGroupClass *klass)
{
  HbAppClass *app_class = HB_APP_CLASS (klass);
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  app_class->initialize = hb_light_group_initialize;

  hb_config_schema_add (schema, "primary_light", HB_CONFIG_ENTITY_ID,
                        "\"light.living_room_main\"", "The light the group follows");
  hb_config_schema_add (schema, "accent_light", HB_CONFIG_ENTITY_ID,
                        "\"light.living_room_accent\"", "The light turned on with it");
  hb_config_schema_add (schema, "primary_glob", HB_CONFIG_STRING,
                        "\"\"", "A glob on the called entity id; empty: the primary exactly");
  hb_app_class_set_config_schema (app_class, schema);
}

static void
hb_light_group_init (HbLightGroup *self)
{
}

static void
hb_light_group_class_intern_init (gpointer klass,
                                  gpointer class_data)
{
  hb_light_group_class_init (klass);
}

static void
hb_light_group_instance_init (GTypeInstance *instance,
                              gpointer       klass)
{
  hb_light_group_init ((HbLightGroup *) instance);
}

/* Written out instead of G_DEFINE_FINAL_TYPE: the registered name is the app's class
 * name "LightGroupApp". */
GType
hb_light_group_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_type_register_static_simple (HB_TYPE_APP,
                                                  g_intern_static_string ("LightGroupApp"),
                                                  sizeof (HbLightGroupClass),
                                                  hb_light_group_class_intern_init,
                                                  sizeof (HbLightGroup),
                                                  hb_light_group_instance_init,
                                                  G_TYPE_FLAG_FINAL);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}
