package emulator

import "net/http"

// endpoint is one Genesys API route the emulator serves and exactly the permissions
// Genesys' SDK docs say it requires. The docs are MyPureCloud/platform-client-sdk-python
// build/docs (SDK 257.1.0); doc names the file and the operation, whose section says
// "Requires ANY permissions" or "Requires ALL permissions".
type endpoint struct {
	method, path string
	any          []string // the token must hold one of these ("Requires ANY")
	all          []string // the token must hold every one of these ("Requires ALL")
	doc          string
	handle       func(*Server, http.ResponseWriter, *http.Request)
}

const (
	importAPI = "/api/v2/externalcontacts/import"
	listsAPI  = "/api/v2/outbound/contactlists"
)

// endpoints are the API routes, each with its documented permissions. The OAuth routes
// (login.<region>) and the emulator's own (/_upload, /_reports, /_exports: presigned
// storage links, and /_emulator) need none and are not here.
var endpoints = []endpoint{
	// UsersApi.md get_users_me: "Requires no permissions".
	{method: "GET", path: "/api/v2/users/me", doc: "UsersApi.md get_users_me", handle: (*Server).handleMe},
	// "Requires no permissions": it lists the divisions the user holds the asked permission in.
	{method: "GET", path: "/api/v2/authorization/divisionspermitted/paged/me",
		doc: "AuthorizationApi.md get_authorization_divisionspermitted_paged_me", handle: (*Server).handleDivisionsPermitted},

	{method: "POST", path: importAPI + "/csv/uploads", any: []string{"externalContacts:importCsvUpload:add"},
		doc: "ExternalContactsApi.md post_externalcontacts_import_csv_uploads", handle: (*Server).handleCreateUpload},
	{method: "GET", path: importAPI + "/csv/uploads/{uploadId}/details", any: []string{"externalContacts:importCsvUpload:view"},
		doc: "ExternalContactsApi.md get_externalcontacts_import_csv_upload_details", handle: (*Server).handleUploadDetails},
	{method: "GET", path: importAPI + "/csv/uploads/{uploadId}/preview", any: []string{"externalContacts:importCsvUpload:view"},
		doc: "ExternalContactsApi.md get_externalcontacts_import_csv_upload_preview", handle: (*Server).handleUploadPreview},
	{method: "POST", path: importAPI + "/settings", any: []string{"externalContacts:importSettings:add"},
		doc: "ExternalContactsApi.md post_externalcontacts_import_settings", handle: (*Server).handleCreateImportSettings},
	{method: "GET", path: importAPI + "/settings", any: []string{"externalContacts:importSettings:viewAll"},
		doc: "ExternalContactsApi.md get_externalcontacts_import_settings", handle: (*Server).handleListImportSettings},
	{method: "GET", path: importAPI + "/settings/{settingsId}", any: []string{"externalContacts:importSettings:view"},
		doc: "ExternalContactsApi.md get_externalcontacts_import_setting", handle: (*Server).handleGetImportSettings},
	{method: "POST", path: importAPI + "/csv/settings", any: []string{"externalContacts:importCsvSettings:add"},
		doc: "ExternalContactsApi.md post_externalcontacts_import_csv_settings", handle: (*Server).handleCreateCSVSettings},
	{method: "GET", path: importAPI + "/csv/settings", any: []string{"externalContacts:importCsvSettings:view"},
		doc: "ExternalContactsApi.md get_externalcontacts_import_csv_settings", handle: (*Server).handleListCSVSettings},
	{method: "GET", path: importAPI + "/csv/settings/{settingsId}", any: []string{"externalContacts:importCsvSettings:view"},
		doc: "ExternalContactsApi.md get_externalcontacts_import_csv_setting", handle: (*Server).handleGetCSVSettings},
	{method: "POST", path: importAPI + "/csv/jobs", any: []string{"externalContacts:importCsvJob:add"},
		doc: "ExternalContactsApi.md post_externalcontacts_import_csv_jobs", handle: (*Server).handleCreateJob},
	{method: "GET", path: importAPI + "/jobs", any: []string{"externalContacts:importJob:viewAll"},
		doc: "ExternalContactsApi.md get_externalcontacts_import_jobs", handle: (*Server).handleListJobs},
	{method: "GET", path: importAPI + "/jobs/{jobId}", any: []string{"externalContacts:importJob:view"},
		doc: "ExternalContactsApi.md get_externalcontacts_import_job", handle: (*Server).handleGetJob},
	{method: "PUT", path: importAPI + "/jobs/{jobId}", any: []string{"externalContacts:importJob:edit"},
		doc: "ExternalContactsApi.md put_externalcontacts_import_job", handle: (*Server).handleUpdateJob},

	{method: "POST", path: "/api/v2/externalcontacts/identifierlookup/contacts", any: []string{"externalContacts:contact:view"},
		doc: "ExternalContactsApi.md post_externalcontacts_identifierlookup_contacts", handle: (*Server).handleLookupContact},
	{method: "GET", path: "/api/v2/externalcontacts/organizations", any: []string{"relate:externalOrganization:view", "externalContacts:externalOrganization:view"},
		doc: "ExternalContactsApi.md get_externalcontacts_organizations", handle: (*Server).handleSearchOrganizations},

	{method: "POST", path: listsAPI, any: []string{"outbound:contactList:add"},
		doc: "OutboundApi.md post_outbound_contactlists", handle: (*Server).handleCreateContactList},
	{method: "GET", path: listsAPI, any: []string{"outbound:contactList:view"},
		doc: "OutboundApi.md get_outbound_contactlists", handle: (*Server).handleListContactLists},
	{method: "GET", path: listsAPI + "/{listId}", any: []string{"outbound:contactList:view"},
		doc: "OutboundApi.md get_outbound_contactlist", handle: (*Server).handleGetContactList},
	{method: "POST", path: listsAPI + "/{listId}/contacts", any: []string{"outbound:contact:add"},
		doc: "OutboundApi.md post_outbound_contactlist_contacts", handle: (*Server).handleAddContacts},
	{method: "GET", path: listsAPI + "/{listId}/importstatus", any: []string{"outbound:contactList:view"},
		doc: "OutboundApi.md get_outbound_contactlist_importstatus", handle: (*Server).handleImportStatus},
	{method: "POST", path: listsAPI + "/{listId}/export", all: []string{"outbound:contact:view", "outbound:contactList:view"},
		doc: "OutboundApi.md post_outbound_contactlist_export", handle: (*Server).handleStartExport},
	{method: "GET", path: listsAPI + "/{listId}/export", all: []string{"outbound:contact:view", "outbound:contactList:view"},
		doc: "OutboundApi.md get_outbound_contactlist_export", handle: (*Server).handleGetExport},
	{method: "GET", path: dncListsPath, any: []string{"outbound:dncList:view"},
		doc: "OutboundApi.md get_outbound_dnclists", handle: (*Server).handleListDNCLists},
	{method: "GET", path: dncListsPath + "/{dncListId}", any: []string{"outbound:dncList:view"},
		doc: "OutboundApi.md get_outbound_dnclist", handle: (*Server).handleGetDNCList},
	{method: "POST", path: dncListsPath + "/{dncListId}/phonenumbers", any: []string{"outbound:dnc:add"},
		doc: "OutboundApi.md post_outbound_dnclist_phonenumbers", handle: handleAddDNC(dncPhone.MatchString, "phone numbers", "Phone", "Any")},
	{method: "POST", path: dncListsPath + "/{dncListId}/emailaddresses", any: []string{"outbound:dnc:add"},
		doc: "OutboundApi.md post_outbound_dnclist_emailaddresses", handle: handleAddDNC(validEmail, "e-mail addresses", "Email", "Any")},
	{method: "PATCH", path: dncListsPath + "/{dncListId}/customexclusioncolumns", any: []string{"outbound:dnc:edit"},
		doc: "OutboundApi.md patch_outbound_dnclist_customexclusioncolumns", handle: (*Server).handlePatchDNCCustom},
	// Not in the SDK docs: apps.<region>'s multipart upload (genesys.md §4, and Genesys'
	// terraform provider, which calls it). Its permission is not documented; the emulator
	// asks for outbound:contact:add, as the upload adds contacts. Confirm on a real org
	// (function/README.md).
	{method: "POST", path: "/uploads/v2/contactlist", any: []string{"outbound:contact:add"},
		doc: "undocumented (apps.<region>); see function/README.md", handle: (*Server).handleContactListUpload},
}

// guard serves e after checking its token holds the documented permissions; a route
// needing none checks its token itself.
func (s *Server) guard(e endpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch {
		case len(e.all) > 0 && !s.allowAll(w, r, e.all...):
			return
		case len(e.any) > 0 && !s.allowAny(w, r, e.any...):
			return
		}
		e.handle(s, w, r)
	}
}
