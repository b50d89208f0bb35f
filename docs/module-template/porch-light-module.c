/* porch-light-module.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "porch-light.h"

/* The two symbols every Hassbench app module exports. */
HB_MODULE_DEFINE_ABI_VERSION;

G_MODULE_EXPORT gboolean hb_module_register (HbModule  *module,
                                             GError   **error);

G_MODULE_EXPORT gboolean
hb_module_register (HbModule  *module,
                    GError   **error)
{
  hb_module_add_app (module, PORCH_TYPE_LIGHT, "porch-light", "Porch light",
                     "Turns the porch light on at sunset and off at sunrise");

  return TRUE;
}
