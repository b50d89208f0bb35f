/* hb-factories.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-factories.h"

#include <string.h>

#include "hb-json.h"

#define EPOCH_ISO "1970-01-01T00:00:00+00:00"

/**
 * hb_friendly_name_from_entity_id:
 * @entity_id: "domain.object_id" (a text without a dot is taken as the object id)
 *
 * Underscores become spaces and each word gets an upper-case first letter and lower-case
 * rest: "living_room" -> "Living Room".
 *
 * Returns: (transfer full): the name
 */
char *
hb_friendly_name_from_entity_id (const char *entity_id)
{
  const char *dot;
  const char *object_id;
  GString *name;
  gboolean word_start = TRUE;

  g_return_val_if_fail (entity_id != NULL, NULL);

  dot = strchr (entity_id, '.');
  object_id = dot != NULL ? dot + 1 : entity_id;
  name = g_string_sized_new (strlen (object_id));

  for (const char *p = object_id; *p != '\0'; p++)
    {
      if (*p == '_' || *p == ' ')
        {
          g_string_append_c (name, ' ');
          word_start = TRUE;
          continue;
        }
      g_string_append_c (name, word_start ? g_ascii_toupper (*p) : g_ascii_tolower (*p));
      word_start = FALSE;
    }

  return g_string_free (name, FALSE);
}

/**
 * hb_make_state:
 * @entity_id: a valid entity id
 * @state: the state string
 * @attributes: (nullable): copied
 * @timestamp: (nullable): last_changed and last_updated; %NULL is the Unix epoch
 *
 * Returns: (transfer full): a state with no context id
 */
HbState *
hb_make_state (const char *entity_id,
               const char *state,
               JsonObject *attributes,
               const char *timestamp)
{
  g_return_val_if_fail (hb_entity_id_is_valid (entity_id), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  return hb_state_new (entity_id, state, attributes,
                       timestamp != NULL ? timestamp : EPOCH_ISO, NULL, NULL);
}

/* The reference's device builders: friendly_name first, then the options that are set. */
static JsonObject *
device_attributes (const char *entity_id)
{
  g_autofree char *friendly_name = hb_friendly_name_from_entity_id (entity_id);
  JsonObject *attributes = json_object_new ();

  json_object_set_string_member (attributes, "friendly_name", friendly_name);
  return attributes;
}

static HbState *
make_device_state (const char *entity_id,
                   const char *state,
                   JsonObject *attributes,
                   const char *timestamp)
{
  g_autoptr(JsonObject) owned = attributes;

  return hb_make_state (entity_id, state, owned, timestamp);
}

/**
 * hb_make_light_state:
 * @entity_id: (nullable): %NULL is "light.kitchen"
 * @state: (nullable): %NULL is "on"
 *
 * Returns: (transfer full): the state
 */
HbState *
hb_make_light_state (const char *entity_id,
                     const char *state,
                     int         brightness,
                     int         color_temp,
                     const char *timestamp)
{
  JsonObject *attributes;

  if (entity_id == NULL)
    entity_id = "light.kitchen";
  g_return_val_if_fail (hb_entity_id_is_valid (entity_id), NULL);

  attributes = device_attributes (entity_id);
  if (brightness >= 0)
    json_object_set_int_member (attributes, "brightness", brightness);
  if (color_temp >= 0)
    json_object_set_int_member (attributes, "color_temp", color_temp);

  return make_device_state (entity_id, state != NULL ? state : "on", attributes, timestamp);
}

/**
 * hb_make_sensor_state:
 * @entity_id: (nullable): %NULL is "sensor.temperature"
 * @state: (nullable): %NULL is "25.5"
 * @unit_of_measurement: (nullable): left out when %NULL
 * @device_class: (nullable): left out when %NULL
 *
 * Returns: (transfer full): the state
 */
HbState *
hb_make_sensor_state (const char *entity_id,
                      const char *state,
                      const char *unit_of_measurement,
                      const char *device_class,
                      const char *timestamp)
{
  JsonObject *attributes;

  if (entity_id == NULL)
    entity_id = "sensor.temperature";
  g_return_val_if_fail (hb_entity_id_is_valid (entity_id), NULL);

  attributes = device_attributes (entity_id);
  if (unit_of_measurement != NULL)
    json_object_set_string_member (attributes, "unit_of_measurement", unit_of_measurement);
  if (device_class != NULL)
    json_object_set_string_member (attributes, "device_class", device_class);

  return make_device_state (entity_id, state != NULL ? state : "25.5", attributes, timestamp);
}

/**
 * hb_make_switch_state:
 * @entity_id: (nullable): %NULL is "switch.outlet"
 * @state: (nullable): %NULL is "on"
 *
 * Returns: (transfer full): the state
 */
HbState *
hb_make_switch_state (const char *entity_id,
                      const char *state,
                      const char *timestamp)
{
  if (entity_id == NULL)
    entity_id = "switch.outlet";
  g_return_val_if_fail (hb_entity_id_is_valid (entity_id), NULL);

  return make_device_state (entity_id, state != NULL ? state : "on",
                            device_attributes (entity_id), timestamp);
}
