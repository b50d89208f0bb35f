/* hb-sensor-threshold.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "hb-sensor-threshold.h"

struct _HbSensorThreshold
{
  HbApp parent_instance;
};

/* A sensor state is numeric only when the whole string is a finite number:
 * "unavailable", "" and "12abc" are not. */
static gboolean
sensor_threshold_parse (HbState *state,
                        double  *value)
{
  const char *text;
  char *end = NULL;
  double parsed;

  if (state == NULL)
    return FALSE;

  text = hb_state_get_state (state);
  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;

  parsed = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (parsed))
    return FALSE;

  *value = parsed;

  return TRUE;
}

static const char *
sensor_threshold_unit (HbState *state)
{
  JsonNode *unit = hb_state_get_attribute (state, "unit_of_measurement");

  if (unit != NULL && JSON_NODE_HOLDS_VALUE (unit) &&
      json_node_get_value_type (unit) == G_TYPE_STRING)
    return json_node_get_string (unit);

  return "";
}

static gboolean
sensor_threshold_changed_cb (HbEvent   *event,
                             HbTask    *task,
                             gpointer   user_data,
                             GError   **error)
{
  HbApp *app = HB_APP (user_data);
  HbState *old_state = hb_event_get_old_state (event);
  HbState *new_state = hb_event_get_new_state (event);
  double threshold = hb_app_get_config_double (app, "threshold");
  double old_value;
  double new_value;
  const char *name;
  const char *unit;
  char threshold_text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *message = NULL;
  g_autoptr(JsonObject) data = NULL;

  if (!sensor_threshold_parse (old_state, &old_value) ||
      !sensor_threshold_parse (new_state, &new_value))
    return TRUE;

  if (!(old_value <= threshold && threshold < new_value))
    return TRUE;

  name = hb_state_get_display_name (new_state);
  unit = sensor_threshold_unit (new_state);
  /* g_ascii_formatd: the message must not depend on the machine's locale */
  g_ascii_formatd (threshold_text, sizeof threshold_text, "%.1f", threshold);

  /* The new value is echoed as the sensor reported it ("30", not "30.0"). */
  message = g_strdup_printf ("%s is now %s%s (threshold: %s%s)",
                             name, hb_state_get_state (new_state), unit,
                             threshold_text, unit);

  g_message ("%s crossed threshold: %s%s", name, hb_state_get_state (new_state), unit);

  data = json_object_new ();
  json_object_set_string_member (data, "title", "Sensor Alert");
  json_object_set_string_member (data, "message", message);

  return hb_recording_api_call_service (hb_app_get_api (app), "notify",
                                        hb_app_get_config_string (app, "notify_target"),
                                        NULL, FALSE, data, error);
}

static gboolean
hb_sensor_threshold_initialize (HbApp    *app,
                                HbTask   *task,
                                GError  **error)
{
  g_autoptr(HbListener) listener = NULL;

  listener = hb_listener_new_state_change ("threshold_monitor",
                                           hb_app_get_config_string (app, "entity_id"));
  hb_listener_set_handler (listener, sensor_threshold_changed_cb, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener,
                              HB_IF_EXISTS_ERROR, error) != NULL;
}

static void
hb_sensor_threshold_class_init (HbSensorThresholdClass *klass)
{
  HbAppClass *app_class = HB_APP_CLASS (klass);
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  app_class->initialize = hb_sensor_threshold_initialize;

  hb_config_schema_add (schema, "entity_id", HB_CONFIG_ENTITY_ID,
                        "\"sensor.living_room_temperature\"", "The sensor to watch");
  hb_config_schema_add (schema, "threshold", HB_CONFIG_DOUBLE,
                        "28.0", "Notify when the value rises above this");
  hb_config_schema_add (schema, "notify_target", HB_CONFIG_STRING,
                        "\"mobile_app_my_phone\"", "The notify service to call");
  hb_app_class_set_config_schema (app_class, schema);
}

static void
hb_sensor_threshold_init (HbSensorThreshold *self)
{
}

static void
hb_sensor_threshold_class_intern_init (gpointer klass,
                                       gpointer class_data)
{
  hb_sensor_threshold_class_init (klass);
}

static void
hb_sensor_threshold_instance_init (GTypeInstance *instance,
                                   gpointer       klass)
{
  hb_sensor_threshold_init ((HbSensorThreshold *) instance);
}

/* Written out instead of G_DEFINE_FINAL_TYPE: the registered name is the app's class
 * name "SensorThresholdApp". */
GType
hb_sensor_threshold_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_type_register_static_simple (HB_TYPE_APP,
                                                  g_intern_static_string ("SensorThresholdApp"),
                                                  sizeof (HbSensorThresholdClass),
                                                  hb_sensor_threshold_class_intern_init,
                                                  sizeof (HbSensorThreshold),
                                                  hb_sensor_threshold_instance_init,
                                                  G_TYPE_FLAG_FINAL);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}
