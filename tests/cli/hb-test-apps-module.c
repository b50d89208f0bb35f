/* hb-test-apps-module.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-test-apps.h"

HB_MODULE_DEFINE_ABI_VERSION;

G_MODULE_EXPORT gboolean hb_module_register (HbModule  *module,
                                             GError   **error);

G_MODULE_EXPORT gboolean
hb_module_register (HbModule  *module,
                    GError   **error)
{
  hb_module_add_app (module, HB_TYPE_FAILING_APP, "failing-app", "Failing app",
                     "Fails a handler on purpose; ticks every minute");
  hb_module_add_app (module, HB_TYPE_RANDOM_APP, "random-app", "Random app",
                     "Uses unseeded randomness, which hassbench-cli check must catch");
  hb_module_add_app (module, HB_TYPE_CRASHING_APP, "crashing-app", "Crashing app",
                     "Crashes in a handler");

  return TRUE;
}
