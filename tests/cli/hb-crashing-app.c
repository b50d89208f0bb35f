/* hb-crashing-app.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>

#include "hb-test-apps.h"

struct _HbCrashingApp
{
  HbApp parent_instance;
};

G_DEFINE_FINAL_TYPE (HbCrashingApp, hb_crashing_app, HB_TYPE_APP)

static gboolean
crash (HbEvent  *event,
       HbTask   *task,
       gpointer  user_data,
       GError  **error)
{
  /* What a bug in an app under development does; the CLI must survive it. */
  raise (SIGSEGV);

  return TRUE;
}

static gboolean
hb_crashing_app_initialize (HbApp    *app,
                            HbTask   *task,
                            GError  **error)
{
  g_autoptr(HbListener) listener = hb_listener_new_state_change ("crash", "input_boolean.crash");

  hb_listener_set_handler (listener, crash, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR,
                              error) != NULL;
}

static void
hb_crashing_app_class_init (HbCrashingAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = hb_crashing_app_initialize;
}

static void
hb_crashing_app_init (HbCrashingApp *self)
{
}
