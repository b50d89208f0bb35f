/* hb-event-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-event.h"

G_BEGIN_DECLS

/* The bus numbers each event when it emits it, before any listener sees the event. */
void _hb_event_set_seq (HbEvent *self,
                        guint64  seq);

G_END_DECLS
