/* hb-window-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hb-window.h"

G_BEGIN_DECLS

struct _HbWindow
{
  GtkApplicationWindow parent_instance;

  /* Template children */
  GtkHeaderBar  *header_bar;
  GtkMenuButton *primary_menu_button;
  GtkLabel      *placeholder;
};

void _hb_window_class_actions_init (HbWindowClass *klass);

G_END_DECLS
