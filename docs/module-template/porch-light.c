/* porch-light.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "porch-light.h"

struct _PorchLight
{
  HbApp parent_instance;
};

G_DEFINE_FINAL_TYPE (PorchLight, porch_light, HB_TYPE_APP)

static gboolean
sun_changed (HbEvent  *event,
             HbTask   *task,
             gpointer  user_data,
             GError  **error)
{
  HbApp *app = user_data;
  HbState *state = hb_event_get_new_state (event);
  const char *light = hb_app_get_config_string (app, "light");

  if (state == NULL)
    return TRUE;

  if (g_strcmp0 (hb_state_get_state (state), "below_horizon") == 0)
    return hb_recording_api_turn_on (hb_app_get_api (app), light, NULL, NULL, error);
  if (g_strcmp0 (hb_state_get_state (state), "above_horizon") == 0)
    return hb_recording_api_turn_off (hb_app_get_api (app), light, NULL, NULL, error);

  return TRUE;
}

static gboolean
porch_light_initialize (HbApp    *app,
                        HbTask   *task,
                        GError  **error)
{
  g_autoptr(HbListener) listener = NULL;

  listener = hb_listener_new_state_change ("sun", hb_app_get_config_string (app, "sun"));
  hb_listener_set_handler (listener, sun_changed, app, NULL);

  /* The bus keeps its own reference. */
  return hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR,
                              error) != NULL;
}

static void
porch_light_class_init (PorchLightClass *klass)
{
  HbAppClass *app_class = HB_APP_CLASS (klass);
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  app_class->initialize = porch_light_initialize;

  hb_config_schema_add (schema, "sun", HB_CONFIG_ENTITY_ID, "\"sun.sun\"",
                        "The sun entity");
  hb_config_schema_add (schema, "light", HB_CONFIG_ENTITY_ID, "\"light.porch\"",
                        "The light to switch");
  hb_app_class_set_config_schema (app_class, schema);
}

static void
porch_light_init (PorchLight *self)
{
}
