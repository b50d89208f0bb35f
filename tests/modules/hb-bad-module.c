/* hb-bad-module.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <hassbench.h>

/*
 * Broken app modules for test-module, one per BAD_* define: each must fail to load with
 * its own clear error, never crash the loader.
 */

#if defined(BAD_ABI)
G_MODULE_EXPORT extern const int hb_module_abi_version;
G_MODULE_EXPORT const int hb_module_abi_version = HB_MODULE_ABI_VERSION + 41;
#elif !defined(BAD_NO_ABI)
HB_MODULE_DEFINE_ABI_VERSION;
#endif

/* Every variant registers its own type name: several are loaded into one process. */
G_GNUC_UNUSED static GType
bad_app_get_type (void)
{
  static GType type = 0;

  if (type == 0)
    type = g_type_register_static_simple (HB_TYPE_APP, BAD_TYPE_NAME, sizeof (HbAppClass),
                                          NULL, sizeof (HbApp), NULL, 0);

  return type;
}

#define HB_TYPE_BAD_APP (bad_app_get_type ())

#if !defined(BAD_NO_REGISTER)
G_MODULE_EXPORT gboolean hb_module_register (HbModule  *module,
                                             GError   **error);

G_MODULE_EXPORT gboolean
hb_module_register (HbModule  *module,
                    GError   **error)
{
#if defined(BAD_REGISTER_FAILS)
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the frobnicator is missing");
  return FALSE;
#elif defined(BAD_DUPLICATE_ID)
  hb_module_add_app (module, HB_TYPE_BAD_APP, "bad-app", "Bad app", NULL);
  hb_module_add_app (module, HB_TYPE_BAD_APP, "bad-app", "Bad app again", NULL);
  return TRUE;
#elif defined(BAD_TYPE)
  hb_module_add_app (module, G_TYPE_OBJECT, "not-an-app", NULL, NULL);
  return TRUE;
#elif defined(BAD_TAKEN_ID)
  /* An id another module (the test apps) already brings. */
  hb_module_add_app (module, HB_TYPE_BAD_APP, "failing-app", NULL, NULL);
  return TRUE;
#else
  hb_module_add_app (module, HB_TYPE_BAD_APP, "bad-app", NULL, NULL);
  return TRUE;
#endif
}
#endif
