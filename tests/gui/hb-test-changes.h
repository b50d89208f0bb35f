/* hb-test-changes.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a list model announced, for the display-free model tests.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint n_emissions;
  /* The last ::items-changed */
  guint position;
  guint removed;
  guint added;
} HbTestChanges;

/* Records every ::items-changed of @model into @changes (which must outlive @model). */
void hb_test_changes_record (GListModel    *model,
                             HbTestChanges *changes);

G_END_DECLS
