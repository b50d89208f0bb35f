/* hb-app-registry.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-module.h"

G_BEGIN_DECLS

/*
 * HbAppRegistry: the apps of the modules a program loaded, by id.
 *
 * The bundled apps (motion-lights, sensor-threshold, light-group) are modules too, found
 * without a path: hb_app_registry_find() loads the bundled modules the first time an id is
 * not known yet. They are searched in the directories of the HB_APPS_PATH environment
 * variable (':'-separated; for builds and tests), then in the installed apps directory. A
 * module file name found in an earlier directory shadows the same name in later ones, so
 * a build tree's modules win over installed ones without clashing.
 *
 * App ids are unique in a registry: a module bringing an id that is taken fails to add
 * with HB_MODULE_ERROR_DUPLICATE_APP naming both modules. Loading a file that is already
 * loaded returns the module loaded before.
 *
 * It is a GListModel of its HbModule, in load order.
 */

#define HB_TYPE_APP_REGISTRY (hb_app_registry_get_type ())
G_DECLARE_FINAL_TYPE (HbAppRegistry, hb_app_registry, HB, APP_REGISTRY, GObject)

HbAppRegistry *hb_app_registry_new               (void);
/**
 * hb_app_registry_load_module:
 *
 * Returns: (transfer none) (nullable): the module, loaded now or before
 */
HbModule      *hb_app_registry_load_module       (HbAppRegistry  *self,
                                                  const char     *path,
                                                  GError        **error);
/* Adds an in-process module (hb_module_new()). */
gboolean       hb_app_registry_add_module        (HbAppRegistry  *self,
                                                  HbModule       *module,
                                                  GError        **error);
/* Loads the bundled modules now (once). A directory that does not exist is skipped; a
 * module in it that fails to load is an error. */
gboolean       hb_app_registry_load_bundled      (HbAppRegistry  *self,
                                                  GError        **error);
/* The directories searched for bundled modules, in order. (transfer full) */
GStrv          hb_app_registry_get_search_path   (HbAppRegistry  *self);
/**
 * hb_app_registry_lookup:
 * @module: (out) (optional) (transfer none): the module bringing the app
 * @index: (out) (optional): the app's index in @module
 *
 * Looks among the modules loaded so far only.
 */
gboolean       hb_app_registry_lookup            (HbAppRegistry  *self,
                                                  const char     *id,
                                                  HbModule      **module,
                                                  guint          *index);
/* Looks up @id, loading the bundled modules if it is not known yet. An unknown id is
 * HB_MODULE_ERROR_UNKNOWN_APP listing the known ones. */
GType          hb_app_registry_find              (HbAppRegistry  *self,
                                                  const char     *id,
                                                  GError        **error);
/**
 * hb_app_registry_resolve:
 * @app_id: (nullable): a bundled app's id, or the app's id inside @module_path
 * @module_path: (nullable): a module file; relative to @base_dir when relative
 * @type_name: (nullable): the app's type name inside @module_path
 * @base_dir: (nullable): what a relative @module_path is relative to (NULL: cwd)
 *
 * The app a scenario names (its "app" object).
 */
GType          hb_app_registry_resolve           (HbAppRegistry  *self,
                                                  const char     *app_id,
                                                  const char     *module_path,
                                                  const char     *type_name,
                                                  const char     *base_dir,
                                                  GError        **error);
/* Every app id known, sorted. */
GStrv          hb_app_registry_list_ids          (HbAppRegistry  *self);

G_END_DECLS
