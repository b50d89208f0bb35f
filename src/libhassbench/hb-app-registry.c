/* hb-app-registry.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hb-app-registry.h"
#include "hb-module-private.h"

typedef struct
{
  HbModule *module;
  guint     index;
} AppRef;

struct _HbAppRegistry
{
  GObject     parent_instance;

  GPtrArray  *modules;
  /* app id -> AppRef */
  GHashTable *apps;
  /* canonical path -> HbModule (borrowed from @modules) */
  GHashTable *by_path;
  gboolean    bundled_loaded;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HbAppRegistry, hb_app_registry, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return HB_TYPE_MODULE;
}

static guint
get_n_items (GListModel *model)
{
  return HB_APP_REGISTRY (model)->modules->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  HbAppRegistry *self = HB_APP_REGISTRY (model);

  if (position >= self->modules->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->modules, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
hb_app_registry_finalize (GObject *object)
{
  HbAppRegistry *self = (HbAppRegistry *) object;

  g_clear_pointer (&self->apps, g_hash_table_unref);
  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->modules, g_ptr_array_unref);

  G_OBJECT_CLASS (hb_app_registry_parent_class)->finalize (object);
}

static void
hb_app_registry_class_init (HbAppRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_app_registry_finalize;
}

static void
hb_app_registry_init (HbAppRegistry *self)
{
  self->modules = g_ptr_array_new_with_free_func (g_object_unref);
  self->apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

HbAppRegistry *
hb_app_registry_new (void)
{
  return g_object_new (HB_TYPE_APP_REGISTRY, NULL);
}

/* Checks every id first, so a module is added whole or not at all. */
static gboolean
add_module (HbAppRegistry  *self,
            HbModule       *module,
            GError        **error)
{
  guint n = hb_module_get_n_apps (module);
  guint position;

  for (guint i = 0; i < n; i++)
    {
      const char *id = hb_module_get_app_id (module, i);
      AppRef *existing = g_hash_table_lookup (self->apps, id);

      if (existing != NULL)
        {
          g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_DUPLICATE_APP,
                       "%s: app id '%s' is already taken by %s", hb_module_get_path (module),
                       id, hb_module_get_path (existing->module));
          return FALSE;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      AppRef *ref = g_new0 (AppRef, 1);

      ref->module = module;
      ref->index = i;
      g_hash_table_insert (self->apps, g_strdup (hb_module_get_app_id (module, i)), ref);
    }

  position = self->modules->len;
  g_ptr_array_add (self->modules, g_object_ref (module));
  g_hash_table_insert (self->by_path, g_strdup (hb_module_get_path (module)), module);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);

  return TRUE;
}

gboolean
hb_app_registry_add_module (HbAppRegistry  *self,
                            HbModule       *module,
                            GError        **error)
{
  const GError *add_error;

  g_return_val_if_fail (HB_IS_APP_REGISTRY (self), FALSE);
  g_return_val_if_fail (HB_IS_MODULE (module), FALSE);

  add_error = _hb_module_get_add_error (module);
  if (add_error != NULL)
    {
      g_set_error (error, add_error->domain, add_error->code, "%s: %s",
                   hb_module_get_path (module), add_error->message);
      return FALSE;
    }

  if (g_hash_table_contains (self->by_path, hb_module_get_path (module)))
    {
      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_DUPLICATE_APP,
                   "%s: a module of that name is already in the registry",
                   hb_module_get_path (module));
      return FALSE;
    }

  return add_module (self, module, error);
}

HbModule *
hb_app_registry_load_module (HbAppRegistry  *self,
                             const char     *path,
                             GError        **error)
{
  g_autoptr(HbModule) module = NULL;
  g_autofree char *canonical = NULL;
  char *resolved;
  HbModule *existing;

  g_return_val_if_fail (HB_IS_APP_REGISTRY (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  /* Loading a file twice would call its hb_module_register() twice. */
  resolved = realpath (path, NULL);
  if (resolved != NULL)
    {
      canonical = g_strdup (resolved);
      free (resolved);
      existing = g_hash_table_lookup (self->by_path, canonical);
      if (existing != NULL)
        return existing;
    }

  module = hb_module_load (path, error);
  if (module == NULL)
    return NULL;

  if (!add_module (self, module, error))
    return NULL;

  return module;
}

GStrv
hb_app_registry_get_search_path (HbAppRegistry *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *env;

  g_return_val_if_fail (HB_IS_APP_REGISTRY (self), NULL);

  env = g_getenv ("HB_APPS_PATH");
  if (env != NULL)
    {
      g_auto(GStrv) dirs = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);

      for (guint i = 0; dirs[i] != NULL; i++)
        if (dirs[i][0] != '\0')
          g_strv_builder_add (builder, dirs[i]);
    }
  g_strv_builder_add (builder, HB_APPS_DIR);

  return g_strv_builder_end (builder);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
hb_app_registry_load_bundled (HbAppRegistry  *self,
                              GError        **error)
{
  g_auto(GStrv) dirs = NULL;
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (HB_IS_APP_REGISTRY (self), FALSE);

  if (self->bundled_loaded)
    return TRUE;

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  dirs = hb_app_registry_get_search_path (self);

  for (guint d = 0; dirs[d] != NULL; d++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs[d], 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        continue;

      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, "." G_MODULE_SUFFIX))
          g_ptr_array_add (names, g_strdup (name));

      /* Directory order is the file system's whim; load order must not be. */
      g_ptr_array_sort (names, compare_names);

      for (guint i = 0; i < names->len; i++)
        {
          const char *file = g_ptr_array_index (names, i);
          g_autofree char *path = NULL;

          if (!g_hash_table_add (seen, g_strdup (file)))
            continue;

          path = g_build_filename (dirs[d], file, NULL);
          if (hb_app_registry_load_module (self, path, error) == NULL)
            return FALSE;
        }
    }

  self->bundled_loaded = TRUE;

  return TRUE;
}

gboolean
hb_app_registry_lookup (HbAppRegistry  *self,
                        const char     *id,
                        HbModule      **module,
                        guint          *index)
{
  AppRef *ref;

  g_return_val_if_fail (HB_IS_APP_REGISTRY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  ref = g_hash_table_lookup (self->apps, id);
  if (ref == NULL)
    return FALSE;

  if (module != NULL)
    *module = ref->module;
  if (index != NULL)
    *index = ref->index;

  return TRUE;
}

GStrv
hb_app_registry_list_ids (HbAppRegistry *self)
{
  g_autoptr(GPtrArray) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (HB_IS_APP_REGISTRY (self), NULL);

  ids = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, self->apps);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_ptr_array_sort (ids, compare_names);
  g_ptr_array_add (ids, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

static void
unknown_app (HbAppRegistry  *self,
             const char     *id,
             GError        **error)
{
  g_auto(GStrv) ids = hb_app_registry_list_ids (self);
  g_autofree char *list = g_strjoinv (", ", ids);
  g_auto(GStrv) dirs = hb_app_registry_get_search_path (self);
  g_autofree char *path = g_strjoinv (G_SEARCHPATH_SEPARATOR_S, dirs);

  g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_UNKNOWN_APP,
               "no app with id '%s'; known apps: %s (bundled modules are searched in %s)",
               id, ids[0] != NULL ? list : "none", path);
}

GType
hb_app_registry_find (HbAppRegistry  *self,
                      const char     *id,
                      GError        **error)
{
  HbModule *module;
  guint index;

  g_return_val_if_fail (HB_IS_APP_REGISTRY (self), G_TYPE_INVALID);
  g_return_val_if_fail (id != NULL, G_TYPE_INVALID);

  if (!hb_app_registry_lookup (self, id, &module, &index))
    {
      if (!hb_app_registry_load_bundled (self, error))
        return G_TYPE_INVALID;

      if (!hb_app_registry_lookup (self, id, &module, &index))
        {
          unknown_app (self, id, error);
          return G_TYPE_INVALID;
        }
    }

  return hb_module_get_app_type (module, index);
}

GType
hb_app_registry_resolve (HbAppRegistry  *self,
                         const char     *app_id,
                         const char     *module_path,
                         const char     *type_name,
                         const char     *base_dir,
                         GError        **error)
{
  g_autofree char *path = NULL;
  HbModule *module;
  int index;

  g_return_val_if_fail (HB_IS_APP_REGISTRY (self), G_TYPE_INVALID);
  g_return_val_if_fail (app_id != NULL || module_path != NULL, G_TYPE_INVALID);

  if (module_path == NULL)
    return hb_app_registry_find (self, app_id, error);

  if (g_path_is_absolute (module_path) || base_dir == NULL)
    path = g_strdup (module_path);
  else
    path = g_build_filename (base_dir, module_path, NULL);

  module = hb_app_registry_load_module (self, path, error);
  if (module == NULL)
    return G_TYPE_INVALID;

  if (type_name != NULL)
    index = hb_module_find_app_by_type_name (module, type_name);
  else
    index = hb_module_find_app (module, app_id);

  if (index < 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < hb_module_get_n_apps (module); i++)
        g_string_append_printf (list, "%s%s (%s)", i > 0 ? ", " : "",
                                hb_module_get_app_id (module, i),
                                g_type_name (hb_module_get_app_type (module, i)));

      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_UNKNOWN_APP,
                   "%s: no app %s '%s' in this module; it has %s", path,
                   type_name != NULL ? "of type" : "with id",
                   type_name != NULL ? type_name : app_id, list->str);
      return G_TYPE_INVALID;
    }

  if (type_name != NULL && app_id != NULL &&
      g_strcmp0 (hb_module_get_app_id (module, index), app_id) != 0)
    {
      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_UNKNOWN_APP,
                   "%s: type %s is the app '%s', not '%s'", path, type_name,
                   hb_module_get_app_id (module, index), app_id);
      return G_TYPE_INVALID;
    }

  return hb_module_get_app_type (module, index);
}
