/* hb-recent-files.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * HbRecentFiles: a most-recent-first list of paths kept in one string-array key of the
 * workbench's GSettings (recent-scenarios, recent-modules), and a menu of them whose items
 * activate an action with the path as its string target. Without settings (the schema is
 * not installed) the list lives in memory only.
 */

#define HB_RECENT_FILES_MAX 10

#define HB_TYPE_RECENT_FILES (hb_recent_files_get_type ())
G_DECLARE_FINAL_TYPE (HbRecentFiles, hb_recent_files, HB, RECENT_FILES, GObject)

/* @settings: (nullable); @action: detailed-less action name, e.g. "win.open-recent" */
HbRecentFiles *hb_recent_files_new      (GSettings     *settings,
                                         const char    *key,
                                         const char    *action);
/* Moves @file to the front (once), keeping at most HB_RECENT_FILES_MAX. */
void           hb_recent_files_add      (HbRecentFiles *self,
                                         GFile         *file);
/* (transfer none): the paths, most recent first */
const char * const *hb_recent_files_get_paths (HbRecentFiles *self);
/* (transfer none): one item per path, labelled with its file name */
GMenuModel    *hb_recent_files_get_menu (HbRecentFiles *self);

G_END_DECLS
