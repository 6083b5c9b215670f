package io.cxkit

import org.json.JSONObject

/** Reads the fields every [CxException] variant carries (code, reason, details). */
object Errors {
    private fun field(e: CxException, name: String): String =
        e::class.members.first { it.name == name }.call(e) as String

    fun code(e: CxException): String = field(e, "code")

    /** `{"code", "message", "details"}` — the shape of `cxkit::Error::to_json`. */
    fun toJson(e: CxException): JSONObject = JSONObject()
        .put("code", field(e, "code"))
        .put("message", field(e, "reason"))
        .put("details", JSONObject(field(e, "details")))
}
