/* hb-random-app.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-test-apps.h"

struct _HbRandomApp
{
  HbApp parent_instance;
};

G_DEFINE_FINAL_TYPE (HbRandomApp, hb_random_app, HB_TYPE_APP)

static gboolean
randomly (HbEvent  *event,
          HbTask   *task,
          gpointer  user_data,
          GError  **error)
{
  HbApp *app = user_data;
  g_autoptr(JsonObject) data = json_object_new ();

  /* Deliberately not deterministic: GLib's global generator is seeded per process. */
  json_object_set_int_member (data, "brightness", g_random_int ());

  return hb_recording_api_turn_on (hb_app_get_api (app), "light.random", NULL, data, error);
}

static gboolean
hb_random_app_initialize (HbApp    *app,
                          HbTask   *task,
                          GError  **error)
{
  g_autoptr(HbListener) listener = hb_listener_new_state_change ("randomly", "sensor.random");

  hb_listener_set_handler (listener, randomly, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR,
                              error) != NULL;
}

static void
hb_random_app_class_init (HbRandomAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = hb_random_app_initialize;
}

static void
hb_random_app_init (HbRandomApp *self)
{
}
