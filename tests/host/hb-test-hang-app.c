/* hb-test-hang-app.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An app module whose handler never returns, for the host's hang tests: its listener
 * "spin" loops forever once its entity becomes "on". Only the workbench's deadline ends
 * that (by killing the host).
 */

#include "config.h"

#include <hassbench.h>

#define HB_TEST_TYPE_HANG_APP (hb_test_hang_app_get_type ())
G_DECLARE_FINAL_TYPE (HbTestHangApp, hb_test_hang_app, HB_TEST, HANG_APP, HbApp)

struct _HbTestHangApp
{
  HbApp parent_instance;
};

G_DEFINE_FINAL_TYPE (HbTestHangApp, hb_test_hang_app, HB_TYPE_APP)

/* Volatile: a loop without side effects may be assumed to end, and be removed. */
static volatile int keep_spinning = 1;

static gboolean
hang_app_changed_cb (HbEvent   *event,
                     HbTask    *task,
                     gpointer   user_data,
                     GError   **error)
{
  HbState *new_state = hb_event_get_new_state (event);

  if (new_state != NULL && g_strcmp0 (hb_state_get_state (new_state), "on") == 0)
    {
      while (keep_spinning)
        ;
    }

  return TRUE;
}

static gboolean
hb_test_hang_app_initialize (HbApp    *app,
                             HbTask   *task,
                             GError  **error)
{
  g_autoptr(HbListener) listener = hb_listener_new_state_change ("spin", "binary_sensor.spin");

  hb_listener_set_handler (listener, hang_app_changed_cb, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR,
                              error) != NULL;
}

static void
hb_test_hang_app_class_init (HbTestHangAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = hb_test_hang_app_initialize;
}

static void
hb_test_hang_app_init (HbTestHangApp *self)
{
}

HB_MODULE_DEFINE_ABI_VERSION;

G_MODULE_EXPORT gboolean hb_module_register (HbModule  *module,
                                             GError   **error);

G_MODULE_EXPORT gboolean
hb_module_register (HbModule  *module,
                    GError   **error)
{
  hb_module_add_app (module, HB_TEST_TYPE_HANG_APP, "test-hang-app", "Hang test app",
                     "Loops forever in a handler when binary_sensor.spin turns on");
  return TRUE;
}
