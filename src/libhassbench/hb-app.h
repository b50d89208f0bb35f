/* hb-app.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-bus.h"
#include "hb-config-schema.h"
#include "hb-recording-api.h"
#include "hb-scheduler.h"

G_BEGIN_DECLS

/*
 * HbApp: the base class of every app. Subclass it, give the class a config schema in
 * class_init, and implement initialize (register listeners, schedule jobs) and, if
 * needed, shutdown. The harness validates the config against the schema before
 * initialize runs, and attaches the bus, scheduler, api, states, task bucket and clock;
 * the accessors are valid from initialize on.
 */

#define HB_TYPE_APP (hb_app_get_type ())
G_DECLARE_DERIVABLE_TYPE (HbApp, hb_app, HB, APP, GObject)

/**
 * HbAppClass:
 * @initialize: sets the app up. @task is the startup task: hold, sleep or await on it to
 *   finish later (the startup deadline applies). Return %FALSE with @error to fail start.
 * @shutdown: called when the harness stops, before the app's jobs, listeners and tasks are
 *   removed. Errors are not possible.
 */
struct _HbAppClass
{
  GObjectClass parent_class;

  gboolean (*initialize) (HbApp    *self,
                          HbTask   *task,
                          GError  **error);
  void     (*shutdown)   (HbApp    *self);

  /*< private >*/
  gpointer padding[8];
};

/* Takes a reference. Call in class_init. */
void             hb_app_class_set_config_schema (HbAppClass     *klass,
                                                 HbConfigSchema *schema);
/* (transfer none): never NULL (an app class without one has the built-in fields only) */
HbConfigSchema  *hb_app_class_get_config_schema (HbAppClass     *klass);

HbBus           *hb_app_get_bus             (HbApp       *self);
HbScheduler     *hb_app_get_scheduler       (HbApp       *self);
HbRecordingApi  *hb_app_get_api             (HbApp       *self);
HbStates        *hb_app_get_states          (HbApp       *self);
HbTaskBucket    *hb_app_get_task_bucket     (HbApp       *self);
HbClock         *hb_app_get_clock           (HbApp       *self);
/* (transfer full): the clock's now in its zone */
GDateTime       *hb_app_get_now             (HbApp       *self);
/* (transfer none): the validated config, defaults filled in */
JsonObject      *hb_app_get_config          (HbApp       *self);
const char      *hb_app_get_config_string   (HbApp       *self,
                                             const char  *field);
double           hb_app_get_config_double   (HbApp       *self,
                                             const char  *field);
gint64           hb_app_get_config_int      (HbApp       *self,
                                             const char  *field);
gboolean         hb_app_get_config_boolean  (HbApp       *self,
                                             const char  *field);
/* "motion_lights" for MotionLights (an underscore before every capital but the first). */
const char      *hb_app_get_app_key         (HbApp       *self);
const char      *hb_app_get_instance_name   (HbApp       *self);
/* instance_name if it starts with the type name, else "<TypeName>.<instance_name>". */
const char      *hb_app_get_unique_name     (HbApp       *self);
/* (transfer none) (nullable): {app_key, class_name, instance_name, app_config}, the class
 * manifest in force when the app was attached (a copy); NULL before the harness attaches it */
JsonObject      *hb_app_get_manifest        (HbApp       *self);
/* (transfer full) (nullable): a copy of the class manifest in force right now: the one a
 * running harness synthesized, else the one set with hb_app_class_set_manifest(), else
 * NULL. Thread-safe. */
JsonObject      *hb_app_class_dup_manifest  (GType        app_type);
/* Sets the class manifest (copied; NULL unsets it), e.g. at module registration. Set it
 * while no harness of the class runs: the last harness to stop restores the manifest
 * the first one found. Thread-safe. */
void             hb_app_class_set_manifest  (GType        app_type,
                                             JsonObject  *manifest);
/* The app key rule on its own: "MotionLights" -> "motion_lights". */
char            *hb_app_key_from_type_name  (const char  *type_name);

G_END_DECLS
