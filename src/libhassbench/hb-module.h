/* hb-module.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include <gmodule.h>

#include "hb-types.h"

G_BEGIN_DECLS

/*
 * HbModule: a shared object that brings one or more app types. It exports two symbols:
 *
 *   #include <hassbench.h>
 *
 *   HB_MODULE_DEFINE_ABI_VERSION;
 *
 *   G_MODULE_EXPORT gboolean
 *   hb_module_register (HbModule  *module,
 *                       GError   **error)
 *   {
 *     hb_module_add_app (module, MY_TYPE_APP, "my-app", "My App",
 *                        "Turns the porch light on at dusk");
 *     return TRUE;
 *   }
 *
 * Loading (hb_module_load(), or through HbAppRegistry) opens the file with GModule, checks
 * hb_module_abi_version against HB_MODULE_ABI_VERSION, then calls hb_module_register().
 * A module is never unloaded: the GTypes it registered cannot be unregistered, so it stays
 * resident (a rebuilt module needs a fresh process, which is why the workbench runs apps in
 * a host process).
 *
 * An HbModule can also be made in process with hb_module_new() for app types linked into
 * the program itself (tests do this).
 */

/* The module ABI this library speaks; a module built for another is refused. */
#define HB_MODULE_ABI_VERSION 1

/* Defines the hb_module_abi_version symbol in a module's source. */
#define HB_MODULE_DEFINE_ABI_VERSION \
  G_MODULE_EXPORT extern const int hb_module_abi_version; \
  G_MODULE_EXPORT const int hb_module_abi_version = HB_MODULE_ABI_VERSION

/**
 * HB_MODULE_ERROR:
 *
 * Problems finding, loading or registering app modules, and looking apps up.
 */
#define HB_MODULE_ERROR (hb_module_error_quark ())

typedef enum {
  HB_MODULE_ERROR_NOT_FOUND = 1,   /* no such file */
  HB_MODULE_ERROR_LOAD_FAILED,     /* not a loadable shared object (or its dependencies are) */
  HB_MODULE_ERROR_MISSING_SYMBOL,  /* hb_module_register or hb_module_abi_version missing */
  HB_MODULE_ERROR_ABI_MISMATCH,    /* built for another HB_MODULE_ABI_VERSION */
  HB_MODULE_ERROR_REGISTER_FAILED, /* hb_module_register() failed, or added a bad app */
  HB_MODULE_ERROR_DUPLICATE_APP,   /* an app id that is already taken */
  HB_MODULE_ERROR_UNKNOWN_APP,     /* no app with that id or type name */
} HbModuleErrorEnum;

GQuark hb_module_error_quark (void);

#define HB_TYPE_MODULE (hb_module_get_type ())
G_DECLARE_FINAL_TYPE (HbModule, hb_module, HB, MODULE, GObject)

/**
 * HbModuleRegisterFunc:
 *
 * The type of the hb_module_register() a module exports.
 */
typedef gboolean (*HbModuleRegisterFunc) (HbModule  *module,
                                          GError   **error);

/* An in-process module named @name ("builtin", "my-tests"), to add app types to. */
HbModule    *hb_module_new                     (const char  *name);
/**
 * hb_module_load:
 * @path: the module's file
 *
 * Opens, checks and registers a module. Errors are %HB_MODULE_ERROR and name the file.
 *
 * Returns: (transfer full) (nullable): the module
 */
HbModule    *hb_module_load                    (const char  *path,
                                                GError     **error);
/**
 * hb_module_add_app:
 * @type: a non-abstract subtype of %HB_TYPE_APP
 * @id: the app's id: lower-case letters, digits, '-' and '_' ("motion-lights")
 * @display_name: (nullable): for people ("Motion lights"); %NULL: the type name
 * @description: (nullable): one sentence
 *
 * Called from hb_module_register(). A bad type or id, or an id used twice in the module,
 * makes loading fail with %HB_MODULE_ERROR_REGISTER_FAILED or
 * %HB_MODULE_ERROR_DUPLICATE_APP naming it.
 */
void         hb_module_add_app                 (HbModule    *module,
                                                GType        type,
                                                const char  *id,
                                                const char  *display_name,
                                                const char  *description);
/**
 * hb_module_set_app_example_house:
 * @id: an app added before with hb_module_add_app()
 * @states_json: what a set_states step seeds: {"entity_id": "state" |
 *   ["state", {attributes}, ...]}
 *
 * Gives the app a small house to show when it is opened to explore (the workbench seeds
 * it as the first step of a new session). Called from hb_module_register(); an unknown id
 * or states a set_states step refuses make loading fail with
 * %HB_MODULE_ERROR_REGISTER_FAILED naming the app.
 */
void         hb_module_set_app_example_house   (HbModule    *module,
                                                const char  *id,
                                                const char  *states_json);
/* (nullable) (transfer none): the app's example house, a set_states "states" object */
JsonObject  *hb_module_get_app_example_house   (HbModule    *self,
                                                guint        index);
/* The file (canonical path), or the name of an in-process module. */
const char  *hb_module_get_path                (HbModule    *self);
guint        hb_module_get_n_apps              (HbModule    *self);
const char  *hb_module_get_app_id              (HbModule    *self,
                                                guint        index);
GType        hb_module_get_app_type            (HbModule    *self,
                                                guint        index);
const char  *hb_module_get_app_display_name    (HbModule    *self,
                                                guint        index);
/* (nullable) */
const char  *hb_module_get_app_description     (HbModule    *self,
                                                guint        index);
/* The index of the app with @id, or -1. */
int          hb_module_find_app                (HbModule    *self,
                                                const char  *id);
/* The index of the app whose type is named @type_name, or -1. */
int          hb_module_find_app_by_type_name   (HbModule    *self,
                                                const char  *type_name);

G_END_DECLS
