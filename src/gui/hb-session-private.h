/* hb-session-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hb-session.h"

G_BEGIN_DECLS

/* Feeds one batch of host observations (JsonObject) into the session's models, as the
 * host client does. For tests and benchmarks that have no host. */
void _hb_session_apply_observations (HbSession *self,
                                     GPtrArray *batch);

G_END_DECLS
