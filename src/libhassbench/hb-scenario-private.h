/* hb-scenario-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-scenario.h"

G_BEGIN_DECLS

/* Whether an expect_drain_error comes among the expectations right after step @index:
 * then the action's failure is expected, and that step judges it. */
gboolean _hb_scenario_expects_drain_error (HbScenario *self,
                                           guint       index);

G_END_DECLS
