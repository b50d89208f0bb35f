/* hb-error.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-error.h"

G_DEFINE_QUARK (hb-error-quark, hb_error)
G_DEFINE_QUARK (hb-drain-error-quark, hb_drain_error)
G_DEFINE_QUARK (hb-harness-error-quark, hb_harness_error)
G_DEFINE_QUARK (hb-config-error-quark, hb_config_error)
G_DEFINE_QUARK (hb-assertion-error-quark, hb_assertion_error)
