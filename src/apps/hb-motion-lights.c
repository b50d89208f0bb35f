/* hb-motion-lights.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-motion-lights.h"

struct _HbMotionLights
{
  HbApp  parent_instance;

  /* The pending off job. A reference of our own: the scheduler drops its reference
   * when the one-shot fires or is removed, and we still compare against it. */
  HbJob *off_job;
};

static gpointer hb_motion_lights_parent_class;

static const char *
motion_lights_light (HbMotionLights *self)
{
  return hb_app_get_config_string (HB_APP (self), "light");
}

static gboolean
motion_lights_turn_off_cb (HbJob     *job,
                           HbTask    *task,
                           gpointer   user_data,
                           GError   **error)
{
  HbMotionLights *self = user_data;

  g_assert (HB_IS_MOTION_LIGHTS (self));

  if (self->off_job == job)
    g_clear_object (&self->off_job);

  return hb_recording_api_turn_off (hb_app_get_api (HB_APP (self)),
                                    motion_lights_light (self), "light", NULL, error);
}

static gboolean
motion_lights_motion_detected (HbMotionLights  *self,
                               GError         **error)
{
  if (self->off_job != NULL)
    {
      hb_scheduler_remove_job (hb_app_get_scheduler (HB_APP (self)), self->off_job);
      g_clear_object (&self->off_job);
    }

  return hb_recording_api_turn_on (hb_app_get_api (HB_APP (self)),
                                   motion_lights_light (self), "light", NULL, error);
}

static gboolean
motion_lights_motion_cleared (HbMotionLights  *self,
                              GError         **error)
{
  HbApp *app = HB_APP (self);
  double delay = hb_app_get_config_double (app, "off_delay_seconds");
  HbJob *job;

  /* No "replace" here on purpose: a second "off" while a job is pending is a real
   * duplicate and must fail loudly (the harness reports it as a drain error). */
  job = hb_scheduler_run_in (hb_app_get_scheduler (app), HB_MOTION_LIGHTS_JOB_NAME, delay,
                             motion_lights_turn_off_cb, self, NULL, error);
  if (job == NULL)
    return FALSE;

  g_set_object (&self->off_job, job);

  return TRUE;
}

static gboolean
motion_lights_changed_cb (HbEvent   *event,
                          HbTask    *task,
                          gpointer   user_data,
                          GError   **error)
{
  HbMotionLights *self = user_data;
  HbState *new_state = hb_event_get_new_state (event);
  const char *value;

  if (new_state == NULL)
    return TRUE;

  value = hb_state_get_state (new_state);

  if (g_strcmp0 (value, "on") == 0)
    return motion_lights_motion_detected (self, error);
  else if (g_strcmp0 (value, "off") == 0)
    return motion_lights_motion_cleared (self, error);

  /* unknown, unavailable and anything else: the sensor tells us nothing */
  return TRUE;
}

static gboolean
motion_lights_add_listener (HbMotionLights  *self,
                            const char      *name,
                            const char      *changed_to,
                            GError         **error)
{
  HbApp *app = HB_APP (self);
  g_autoptr(HbListener) listener = NULL;

  listener = hb_listener_new_state_change (name,
                                           hb_app_get_config_string (app, "motion_sensor"));
  if (changed_to != NULL)
    hb_listener_set_changed_to (listener, hb_condition_equals_string (changed_to));
  hb_listener_set_handler (listener, motion_lights_changed_cb, self, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener,
                              HB_IF_EXISTS_ERROR, error) != NULL;
}

static gboolean
hb_motion_lights_initialize (HbApp    *app,
                             HbTask   *task,
                             GError  **error)
{
  HbMotionLights *self = HB_MOTION_LIGHTS (app);

  if (hb_app_get_config_boolean (app, "split_listeners"))
    return motion_lights_add_listener (self, "motion_on", "on", error) &&
           motion_lights_add_listener (self, "motion_off", "off", error);

  return motion_lights_add_listener (self, "motion_sensor", NULL, error);
}

static void
hb_motion_lights_shutdown (HbApp *app)
{
  HbMotionLights *self = HB_MOTION_LIGHTS (app);

  g_clear_object (&self->off_job);
}

static void
hb_motion_lights_dispose (GObject *object)
{
  HbMotionLights *self = HB_MOTION_LIGHTS (object);

  g_clear_object (&self->off_job);

  G_OBJECT_CLASS (hb_motion_lights_parent_class)->dispose (object);
}

static void
hb_motion_lights_class_init (HbMotionLightsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HbAppClass *app_class = HB_APP_CLASS (klass);
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  hb_motion_lights_parent_class = g_type_class_peek_parent (klass);

  object_class->dispose = hb_motion_lights_dispose;

  app_class->initialize = hb_motion_lights_initialize;
  app_class->shutdown = hb_motion_lights_shutdown;

  hb_config_schema_add (schema, "motion_sensor", HB_CONFIG_ENTITY_ID,
                        "\"binary_sensor.hallway_motion\"", "The motion sensor to follow");
  hb_config_schema_add (schema, "light", HB_CONFIG_ENTITY_ID,
                        "\"light.hallway\"", "The light to switch");
  hb_config_schema_add (schema, "off_delay_seconds", HB_CONFIG_DOUBLE,
                        "300", "Seconds without motion before the light goes off");
  hb_config_schema_add (schema, "split_listeners", HB_CONFIG_BOOLEAN,
                        "false", "Use two listeners (changed_to on / off) instead of one");
  hb_app_class_set_config_schema (app_class, schema);
}

static void
hb_motion_lights_init (HbMotionLights *self)
{
}

static void
hb_motion_lights_class_intern_init (gpointer klass,
                                    gpointer class_data)
{
  hb_motion_lights_class_init (klass);
}

static void
hb_motion_lights_instance_init (GTypeInstance *instance,
                                gpointer       klass)
{
  hb_motion_lights_init ((HbMotionLights *) instance);
}

/* Written out instead of G_DEFINE_FINAL_TYPE: the registered name must be the app's
 * class name "MotionLights" (its app key derives from it), not "HbMotionLights". */
GType
hb_motion_lights_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_type_register_static_simple (HB_TYPE_APP,
                                                  g_intern_static_string ("MotionLights"),
                                                  sizeof (HbMotionLightsClass),
                                                  hb_motion_lights_class_intern_init,
                                                  sizeof (HbMotionLights),
                                                  hb_motion_lights_instance_init,
                                                  G_TYPE_FLAG_FINAL);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}
