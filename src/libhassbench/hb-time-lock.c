/* hb-time-lock.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-time-lock-private.h"
#include "hb-error.h"

/* The holder, or NULL. A compare-and-swap makes taking it non-blocking by construction. */
static gpointer time_lock_holder;

gboolean
_hb_time_lock_acquire (gconstpointer   holder,
                       GError        **error)
{
  g_assert (holder != NULL);

  if (g_atomic_pointer_compare_and_exchange (&time_lock_holder, NULL, (gpointer) holder))
    return TRUE;

  /* Only @holder itself can release it, so this read cannot race with our own release. */
  if (g_atomic_pointer_get (&time_lock_holder) == holder)
    return TRUE;

  g_set_error_literal (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_TIME_LOCKED,
                       "freeze_time is already held by another harness — time-controlling "
                       "tests must run in separate processes or one after another");
  return FALSE;
}

gboolean
_hb_time_lock_release (gconstpointer holder)
{
  g_assert (holder != NULL);

  return g_atomic_pointer_compare_and_exchange (&time_lock_holder, (gpointer) holder, NULL);
}

gboolean
_hb_time_lock_is_held_by (gconstpointer holder)
{
  return holder != NULL && g_atomic_pointer_get (&time_lock_holder) == holder;
}
