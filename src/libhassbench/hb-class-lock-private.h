/* hb-class-lock-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The per-app-class lock around the class manifest (the reference's design 2, §7): every
 * app GType has one entry (a mutex, a reference count and the manifest saved by the first
 * entrant), made on demand and kept as type qdata. A global mutex guards only the making
 * of entries; all manifest reads and writes of one class go through that class's own
 * mutex, so harnesses of different classes never share a lock, and same-class harnesses
 * only serialise for the few instructions of a read-modify-write (they run concurrently).
 *
 * The first entrant saves the manifest in force (or "unset") and installs @synthesized;
 * later entrants only count themselves (the synthesized manifest does not depend on the
 * entrant, so reusing it is deterministic); the last leaver restores what was saved
 * (unsetting it if it was unset). Entries live as long as their GType, i.e. for the
 * process.
 */

typedef struct _HbClassLock HbClassLock;

/* Returns (transfer none) the class's entry, counted until _hb_class_lock_leave(). */
HbClassLock *_hb_class_lock_enter         (GType        type,
                                           JsonObject  *synthesized);
void         _hb_class_lock_leave         (HbClassLock *lock);
/* Number of harnesses inside for @type (0 when none ever entered). */
guint        _hb_class_lock_get_n_holders (GType        type);
/* (transfer full) (nullable): a deep copy of the manifest in force for @type */
JsonObject  *_hb_class_lock_dup_manifest  (GType        type);
/* Replaces the manifest in force with a deep copy of @manifest (NULL unsets it). While
 * harnesses of @type run, the last leaver still restores what the first entrant saved. */
void         _hb_class_lock_set_manifest  (GType        type,
                                           JsonObject  *manifest);

G_END_DECLS
