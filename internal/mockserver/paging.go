package mockserver

import (
	"net/http"
	"strconv"
)

// maxPageLimit is the largest limit of a page, and the default.
const maxPageLimit = 2000

// pageLimit reads the limit of a list call, answering DC.0001 when it is
// not 1..2000.
func pageLimit(w http.ResponseWriter, value string) (int, bool) {
	if value == "" {
		return maxPageLimit, true
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 || n > maxPageLimit {
		writeError(w, http.StatusBadRequest, "DC.0001", "limit must be between 1 and 2000")
		return 0, false
	}
	return n, true
}

// previousMarker is the previous_marker of the page ids[from:to] of a list
// asked for after a marker.
func previousMarker(ids []string, marker string, from, to int) string {
	if marker == "" || from >= to {
		return ""
	}
	return ids[from]
}

// pageBounds returns the page of ids, in list order, that starts after
// marker and holds at most limit: its bounds, and the marker of the next
// page, empty on the last. known is false for a marker that is not in ids.
func pageBounds(ids []string, marker string, limit int) (from, to int, next string, known bool) {
	if marker != "" {
		from = -1
		for i, id := range ids {
			if id == marker {
				from = i + 1
				break
			}
		}
		if from < 0 {
			return 0, 0, "", false
		}
	}
	to = min(from+limit, len(ids))
	if to < len(ids) {
		next = ids[to-1]
	}
	return from, to, next, true
}

// pageInfo is a page's page_info: next_marker unless it is the last, and
// previous_marker, which the contract allows, the first id of any page but
// the first.
func pageInfo(count int, next, previous string) map[string]any {
	info := map[string]any{"current_count": count}
	if next != "" {
		info["next_marker"] = next
	}
	if previous != "" {
		info["previous_marker"] = previous
	}
	return info
}
