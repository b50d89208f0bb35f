/* hb-example-apps-module.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <hassbench.h>

#include "hb-light-group.h"
#include "hb-motion-lights.h"
#include "hb-sensor-threshold.h"

/*
 * The bundled example apps as a loadable module: hassbench-cli, the host and exported
 * tests find them by id, without a path (HbAppRegistry searches the installed apps
 * directory and HB_APPS_PATH).
 */

HB_MODULE_DEFINE_ABI_VERSION;

G_MODULE_EXPORT gboolean hb_module_register (HbModule  *module,
                                             GError   **error);

G_MODULE_EXPORT gboolean
hb_module_register (HbModule  *module,
                    GError   **error)
{
  hb_module_add_app (module, hb_motion_lights_get_type (), "motion-lights", "Motion lights",
                     "Turns a light on while motion is seen, and off a delay after it stops");
  hb_module_add_app (module, hb_sensor_threshold_get_type (), "sensor-threshold",
                     "Sensor threshold",
                     "Sends a notification when a sensor rises across a threshold");
  hb_module_add_app (module, hb_light_group_get_type (), "light-group", "Light group",
                     "Mirrors service calls on a primary light to an accent light");

  /* A small house each, matching the apps' default config, so a new session has
   * something to click on. */
  hb_module_set_app_example_house (module, "motion-lights",
    "{\"binary_sensor.hallway_motion\": [\"off\", {\"device_class\": \"motion\", "
    "\"friendly_name\": \"Hallway motion\"}],"
    " \"light.hallway\": [\"off\", {\"friendly_name\": \"Hallway light\"}]}");
  hb_module_set_app_example_house (module, "sensor-threshold",
    "{\"sensor.living_room_temperature\": [\"24.5\", {\"unit_of_measurement\": \"°C\", "
    "\"device_class\": \"temperature\", \"friendly_name\": \"Living room temperature\"}]}");
  hb_module_set_app_example_house (module, "light-group",
    "{\"light.living_room_main\": [\"off\", {\"friendly_name\": \"Living room main\"}],"
    " \"light.living_room_accent\": [\"off\", {\"friendly_name\": \"Living room accent\"}]}");

  return TRUE;
}
