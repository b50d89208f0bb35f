/* hb-window-actions.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hb-window-private.h"

void
_hb_window_class_actions_init (HbWindowClass *klass)
{
  /* Window actions (win.*) are installed here with gtk_widget_class_install_action. */
}
