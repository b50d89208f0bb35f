/* hb-failing-app.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-test-apps.h"

struct _HbFailingApp
{
  HbApp parent_instance;
};

G_DEFINE_FINAL_TYPE (HbFailingApp, hb_failing_app, HB_TYPE_APP)

static gboolean
fail_on_trigger (HbEvent  *event,
                 HbTask   *task,
                 gpointer  user_data,
                 GError  **error)
{
  HbApp *app = user_data;
  HbState *new_state = hb_event_get_new_state (event);

  if (new_state != NULL && g_strcmp0 (hb_state_get_state (new_state), "on") == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "boom: the handler failed on purpose");
      return FALSE;
    }

  return hb_recording_api_turn_on (hb_app_get_api (app),
                                   hb_app_get_config_string (app, "light"), NULL, NULL, error);
}

static gboolean
tick (HbJob     *job,
      HbTask    *task,
      gpointer   user_data,
      GError   **error)
{
  HbApp *app = user_data;

  return hb_recording_api_turn_on (hb_app_get_api (app), "light.tick", NULL, NULL, error);
}

static gboolean
hb_failing_app_initialize (HbApp    *app,
                           HbTask   *task,
                           GError  **error)
{
  g_autoptr(HbListener) listener = hb_listener_new_state_change ("fail_on_trigger",
                                                                 "input_boolean.fail");

  hb_listener_set_handler (listener, fail_on_trigger, app, NULL);
  if (hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR, error) == NULL)
    return FALSE;

  return hb_scheduler_run_every (hb_app_get_scheduler (app), "tick", 60, tick, app, NULL,
                                 error) != NULL;
}

static void
hb_failing_app_class_init (HbFailingAppClass *klass)
{
  HbAppClass *app_class = HB_APP_CLASS (klass);
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  app_class->initialize = hb_failing_app_initialize;

  hb_config_schema_add (schema, "light", HB_CONFIG_ENTITY_ID, "\"light.ok\"",
                        "The light turned on when the trigger goes off");
  hb_app_class_set_config_schema (app_class, schema);
}

static void
hb_failing_app_init (HbFailingApp *self)
{
}
