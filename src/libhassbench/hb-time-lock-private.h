/* hb-time-lock-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The process-wide time lock taken by hb_harness_freeze_time() (the reference's
 * freeze_time lock, §6.5). Non-blocking: a second holder fails at once with
 * HB_HARNESS_ERROR_TIME_LOCKED instead of waiting. Non-reentrant: it has no count, so
 * the holder taking it again is a no-op and one release frees it. The holder is an
 * opaque pointer (the harness), released at the harness's stop and dispose, so a freed
 * address can never be mistaken for a live holder.
 *
 * Each harness owns its clock, so this lock only keeps the reference's rule for code
 * that expects it; hb_harness_set_start_time() does not take it.
 */

gboolean _hb_time_lock_acquire      (gconstpointer   holder,
                                     GError        **error);
/* Returns TRUE if @holder held the lock. */
gboolean _hb_time_lock_release      (gconstpointer   holder);
gboolean _hb_time_lock_is_held_by   (gconstpointer   holder);

G_END_DECLS
