/* hb-recent-files.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-recent-files.h"

struct _HbRecentFiles
{
  GObject    parent_instance;

  GSettings *settings;  /* nullable */
  char      *key;
  char      *action;
  GStrv      paths;
  GMenu     *menu;
};

G_DEFINE_FINAL_TYPE (HbRecentFiles, hb_recent_files, G_TYPE_OBJECT)

static void
rebuild_menu (HbRecentFiles *self)
{
  g_menu_remove_all (self->menu);
  for (guint i = 0; self->paths[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (self->paths[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target_value (item, self->action,
                                               g_variant_new_string (self->paths[i]));
      g_menu_append_item (self->menu, item);
    }
}

static void
settings_changed_cb (GSettings     *settings,
                     const char    *key,
                     HbRecentFiles *self)
{
  g_strfreev (self->paths);
  self->paths = g_settings_get_strv (settings, self->key);
  rebuild_menu (self);
}

static void
hb_recent_files_dispose (GObject *object)
{
  HbRecentFiles *self = HB_RECENT_FILES (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (hb_recent_files_parent_class)->dispose (object);
}

static void
hb_recent_files_finalize (GObject *object)
{
  HbRecentFiles *self = HB_RECENT_FILES (object);

  g_free (self->key);
  g_free (self->action);
  g_strfreev (self->paths);

  G_OBJECT_CLASS (hb_recent_files_parent_class)->finalize (object);
}

static void
hb_recent_files_class_init (HbRecentFilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_recent_files_dispose;
  object_class->finalize = hb_recent_files_finalize;
}

static void
hb_recent_files_init (HbRecentFiles *self)
{
  self->menu = g_menu_new ();
}

HbRecentFiles *
hb_recent_files_new (GSettings  *settings,
                     const char *key,
                     const char *action)
{
  HbRecentFiles *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);

  self = g_object_new (HB_TYPE_RECENT_FILES, NULL);
  self->key = g_strdup (key);
  self->action = g_strdup (action);
  if (settings != NULL)
    {
      g_autofree char *signal = g_strconcat ("changed::", key, NULL);

      self->settings = g_object_ref (settings);
      self->paths = g_settings_get_strv (settings, key);
      g_signal_connect (settings, signal, G_CALLBACK (settings_changed_cb), self);
    }
  else
    self->paths = g_new0 (char *, 1);
  rebuild_menu (self);
  return self;
}

void
hb_recent_files_add (HbRecentFiles *self,
                     GFile         *file)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (HB_IS_RECENT_FILES (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    return;

  g_ptr_array_add (paths, path);
  for (guint i = 0; self->paths[i] != NULL && paths->len < HB_RECENT_FILES_MAX; i++)
    if (!g_str_equal (self->paths[i], path))
      g_ptr_array_add (paths, self->paths[i]);
  g_ptr_array_add (paths, NULL);

  if (self->settings != NULL)
    {
      /* The changed signal refreshes the list and the menu, also in other windows. */
      g_settings_set_strv (self->settings, self->key, (const char * const *) paths->pdata);
      return;
    }

  {
    GStrv copy = g_strdupv ((char **) paths->pdata);

    g_strfreev (self->paths);
    self->paths = copy;
  }
  rebuild_menu (self);
}

const char * const *
hb_recent_files_get_paths (HbRecentFiles *self)
{
  g_return_val_if_fail (HB_IS_RECENT_FILES (self), NULL);
  return (const char * const *) self->paths;
}

GMenuModel *
hb_recent_files_get_menu (HbRecentFiles *self)
{
  g_return_val_if_fail (HB_IS_RECENT_FILES (self), NULL);
  return G_MENU_MODEL (self->menu);
}
