// chrome_trace_sax.hpp — private to the trace reader: a SAX handler that checks the whole text is JSON
// but builds a DOM only for the top-level "poolscope" value, and hands each element of poolscope.events
// to a callback as soon as it is complete instead of keeping it. traceEvents is most of the file and
// derived data; keeping it, or 300 000 event objects, would cost seconds and gigabytes for 100 000 tasks.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../json_input.hpp"

namespace poolscope::trace_detail {

class PoolscopeCapture : public nlohmann::json_sax<nlohmann::json> {
public:
    using json = nlohmann::json;
    /// Called with (index, element) for each element of poolscope.events; in the kept DOM that array
    /// stays empty. A second "events" key restarts the indexes.
    using EventHook = std::function<void(std::size_t, const json&)>;

    /// Keeps the top-level value named `key` ("poolscope"; the bundle reader keeps "poolscope_bundle"
    /// and passes no hook).
    explicit PoolscopeCapture(EventHook on_event, std::string key = "poolscope")
        : m_on_event(std::move(on_event)), m_wanted(std::move(key)) {}

    std::vector<std::string> top_keys;  // every top-level key seen, in order (tells foreign files apart)

    bool root_is_object = true;
    json root_value;  // the root, when it is not an object (for the message)
    bool found = false;
    json value;       // the "poolscope" value
    std::size_t error_byte = 0;
    std::string error_message;

    bool null() override { return scalar(nullptr); }
    bool boolean(bool v) override { return scalar(v); }
    bool number_integer(number_integer_t v) override { return scalar(v); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(v); }
    bool number_float(number_float_t v, const string_t&) override { return scalar(v); }
    bool string(string_t& v) override { return scalar(v); }
    bool binary(binary_t& v) override { return scalar(json::binary(v)); }
    bool start_object(std::size_t) override { return open(json::object()); }
    bool start_array(std::size_t) override { return open(json::array()); }
    /// Set when the text nests deeper than json_input::max_depth: parsing stopped there.
    bool too_deep = false;
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(string_t& key) override {
        if (!m_stack.empty()) m_key = key;
        else if (m_depth == 1) {
            m_poolscope_next = key == m_wanted;
            if (top_keys.size() < 100) top_keys.push_back(key);
        }
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
        error_byte = position;
        error_message = error.what();
        return false;
    }

private:
    // Where a new value goes: the captured tree, the current events element, or nowhere.
    json* place(json v) {
        if (!m_stack.empty()) {
            json& top = *m_stack.back();
            if (&top == m_events) {
                m_element = std::move(v);
                return &m_element;
            }
            if (top.is_object()) {
                // poolscope.events itself: remember the array so its elements go to the hook.
                const bool is_events = m_on_event && m_stack.size() == 1 && m_key == "events" && v.is_array();
                json* placed = &(top[m_key] = std::move(v));
                if (is_events) {
                    m_events = placed;
                    m_next_index = 0;
                } else if (m_stack.size() == 1 && m_key == "events") {
                    m_events = nullptr;  // a later non-array "events" replaced the array
                }
                return placed;
            }
            top.push_back(std::move(v));
            return &top.back();
        }
        if (m_depth == 0 && !v.is_object()) {
            root_is_object = false;
            root_value = v.is_array() ? json::array() : v;
        }
        if (m_depth == 1 && m_poolscope_next) {
            found = true;
            value = std::move(v);
            m_events = nullptr;
            return &value;
        }
        return nullptr;
    }
    bool scalar(json v) {
        const json* where = place(std::move(v));
        if (where == &m_element) finish_element();
        return true;
    }
    bool open(json container) {
        if (m_depth >= json_input::max_depth) {
            too_deep = true;
            return false;
        }
        json* where = place(std::move(container));
        if (where != nullptr) m_stack.push_back(where);
        ++m_depth;
        return true;
    }
    bool close() {
        if (!m_stack.empty()) {
            const bool element_done = m_stack.back() == &m_element;
            m_stack.pop_back();
            if (element_done) finish_element();
        }
        --m_depth;
        return true;
    }
    void finish_element() {
        m_on_event(m_next_index++, m_element);
        m_element = nullptr;
    }

    EventHook m_on_event;
    std::string m_wanted;
    std::size_t m_depth = 0;
    bool m_poolscope_next = false;
    std::vector<json*> m_stack;
    std::string m_key;
    json* m_events = nullptr;  // the poolscope.events array in `value`, while it is being read
    json m_element;            // the events element being built
    std::size_t m_next_index = 0;
};

}  // namespace poolscope::trace_detail
