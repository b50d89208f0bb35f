/* hb-module-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-module.h"

G_BEGIN_DECLS

/* (nullable): the first bad hb_module_add_app() call of an in-process module */
const GError *_hb_module_get_add_error (HbModule *self);

G_END_DECLS
