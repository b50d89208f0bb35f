/* hb-test-crash-app.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An app module that misbehaves on purpose, for the host's crash tests. Its listener
 * "boom" follows one entity; when the entity becomes "crash" the handler writes through a
 * NULL pointer (the host must die of SIGSEGV and name "handler:boom"), and when it becomes
 * "log" the handler logs a message (the host must turn it into a `log` observation).
 */

#include "config.h"

#include <hassbench.h>

#define HB_TEST_TYPE_CRASH_APP (hb_test_crash_app_get_type ())
G_DECLARE_FINAL_TYPE (HbTestCrashApp, hb_test_crash_app, HB_TEST, CRASH_APP, HbApp)

struct _HbTestCrashApp
{
  HbApp parent_instance;
};

G_DEFINE_FINAL_TYPE (HbTestCrashApp, hb_test_crash_app, HB_TYPE_APP)

static gboolean
crash_app_changed_cb (HbEvent   *event,
                      HbTask    *task,
                      gpointer   user_data,
                      GError   **error)
{
  HbState *new_state = hb_event_get_new_state (event);
  const char *value = new_state != NULL ? hb_state_get_state (new_state) : NULL;

  if (g_strcmp0 (value, "crash") == 0)
    {
      /* Both volatile: the pointer, so the compiler cannot see the NULL and turn the store
       * into a trap instruction (SIGILL, not the SIGSEGV under test); the target, so the
       * store is not dropped as dead. */
      volatile int *volatile target = NULL;

      *target = 42;
    }
  else if (g_strcmp0 (value, "log") == 0)
    g_message ("crash app saw %s", hb_event_get_entity_id (event));

  return TRUE;
}

static gboolean
hb_test_crash_app_initialize (HbApp    *app,
                              HbTask   *task,
                              GError  **error)
{
  g_autoptr(HbListener) listener =
    hb_listener_new_state_change ("boom", hb_app_get_config_string (app, "entity"));

  hb_listener_set_handler (listener, crash_app_changed_cb, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR,
                              error) != NULL;
}

static void
hb_test_crash_app_class_init (HbTestCrashAppClass *klass)
{
  HbAppClass *app_class = HB_APP_CLASS (klass);
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  app_class->initialize = hb_test_crash_app_initialize;

  hb_config_schema_add (schema, "entity", HB_CONFIG_ENTITY_ID, "\"binary_sensor.boom\"",
                        "The entity whose changes the handler reacts to");
  hb_app_class_set_config_schema (app_class, schema);
}

static void
hb_test_crash_app_init (HbTestCrashApp *self)
{
}

HB_MODULE_DEFINE_ABI_VERSION;

G_MODULE_EXPORT gboolean hb_module_register (HbModule  *module,
                                             GError   **error);

G_MODULE_EXPORT gboolean
hb_module_register (HbModule  *module,
                    GError   **error)
{
  hb_module_add_app (module, HB_TEST_TYPE_CRASH_APP, "test-crash-app", "Crash test app",
                     "Dereferences NULL in a handler when its entity becomes 'crash'");
  return TRUE;
}
