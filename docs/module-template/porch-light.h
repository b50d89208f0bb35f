/* porch-light.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <hassbench.h>

G_BEGIN_DECLS

/* Turns the porch light on when the sun sets and off when it rises. */
#define PORCH_TYPE_LIGHT (porch_light_get_type ())
G_DECLARE_FINAL_TYPE (PorchLight, porch_light, PORCH, LIGHT, HbApp)

G_END_DECLS
