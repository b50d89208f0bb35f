/* hb-test-changes.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hb-test-changes.h"

static void
items_changed_cb (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  HbTestChanges *changes)
{
  changes->n_emissions++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

void
hb_test_changes_record (GListModel    *model,
                        HbTestChanges *changes)
{
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), changes);
}
