/* hb-api-call-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-api-call.h"

G_BEGIN_DECLS

/*
 * How recorded values read in describe() and in assertion messages: strings in single
 * quotes with \\, \' and control characters escaped (Python-like, so a recorded
 * 'light.kitchen' is told apart from a number), every other value as compact JSON.
 */
void  _hb_api_call_append_value (GString  *out,
                                 JsonNode *node);

G_END_DECLS
