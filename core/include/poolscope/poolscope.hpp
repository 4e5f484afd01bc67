// poolscope/poolscope.hpp — the whole public API of poolscope::core.
#pragma once

#include "poolscope/clock.hpp"
#include "poolscope/errors.hpp"
#include "poolscope/event.hpp"
#include "poolscope/executor.hpp"
#include "poolscope/future.hpp"
#include "poolscope/log.hpp"
#include "poolscope/map_result.hpp"
#include "poolscope/recorder.hpp"
#include "poolscope/virtual_clock.hpp"
#include "poolscope/wait.hpp"
