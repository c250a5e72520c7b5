package genesys

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Token is an OAuth access token.
type Token struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"` // seconds
}

// ClientCredentials gets a token for an OAuth client of grant type client credentials.
func (c *Client) ClientCredentials(ctx context.Context, clientID, secret string) (Token, error) {
	var t Token
	err := c.call(ctx, request{
		op:          "sign in the service client",
		method:      http.MethodPost,
		url:         c.Bases.Login + "/oauth/token",
		basic:       [2]string{clientID, secret},
		body:        []byte(url.Values{"grant_type": {"client_credentials"}}.Encode()),
		contentType: "application/x-www-form-urlencoded",
	}, &t)
	if err == nil && t.AccessToken == "" {
		err = &Error{Op: "sign in the service client", Status: http.StatusOK, Code: "no.access.token", Attempts: 1}
	}
	return t, err
}

// AuthorizationCode exchanges the code a sign-in with PKCE sent back for the user's
// token (a public client: no secret). It is tried once: Genesys takes a code for one
// attempt only, so a retry could only be refused.
func (c *Client) AuthorizationCode(ctx context.Context, clientID, code, verifier, redirectURI string) (Token, error) {
	const op = "finish the sign-in"
	once := *c
	once.Retry = Retry{Attempts: 1}
	var t Token
	err := once.call(ctx, request{
		op:     op,
		method: http.MethodPost,
		url:    c.Bases.Login + "/oauth/token",
		body: []byte(url.Values{
			"grant_type":    {"authorization_code"},
			"code":          {code},
			"code_verifier": {verifier},
			"client_id":     {clientID},
			"redirect_uri":  {redirectURI},
		}.Encode()),
		contentType: "application/x-www-form-urlencoded",
	}, &t)
	if err == nil && t.AccessToken == "" {
		err = &Error{Op: op, Status: http.StatusOK, Code: "no.access.token", Attempts: 1}
	}
	return t, err
}

// User is the signed-in user and the permissions their roles grant.
type User struct {
	ID            string `json:"id"`
	Authorization struct {
		Permissions []string `json:"permissions"`
	} `json:"authorization"`
}

// Me returns the user a token belongs to, with their permissions.
func (c *Client) Me(ctx context.Context, token string) (User, error) {
	var u User
	err := c.call(ctx, request{op: "read the signed-in user", method: http.MethodGet,
		url: c.api("/api/v2/users/me?expand=authorization"), token: token}, &u)
	return u, err
}

// ImportPermissions are what the CSV import flow of this function needs (genesys.md §6):
// the permission each endpoint it calls requires in the SDK docs (internal/emulator/README.md).
var ImportPermissions = []string{
	"externalContacts:importCsvUpload:add",
	"externalContacts:importCsvUpload:view",
	"externalContacts:importSettings:add",
	"externalContacts:importCsvSettings:add",
	"externalContacts:importCsvJob:add",
	"externalContacts:importJob:view",
	"externalContacts:importJob:edit",
	// The lookups that make creating safe to retry (createOnce).
	"externalContacts:importSettings:viewAll",
	"externalContacts:importCsvSettings:view",
	"externalContacts:importJob:viewAll",
}

// Missing returns the permissions of want that held does not grant. A held
// permission's part may be "*", as Genesys writes wildcard grants.
func Missing(held, want []string) []string {
	var missing []string
	for _, w := range want {
		if !granted(held, w) {
			missing = append(missing, w)
		}
	}
	return missing
}

func granted(held []string, want string) bool {
	w := strings.SplitN(want, ":", 3)
	for _, h := range held {
		p := strings.SplitN(h, ":", 3)
		if len(p) != 3 || len(w) != 3 {
			continue
		}
		if (p[0] == "*" || p[0] == w[0]) && (p[1] == "*" || p[1] == w[1]) && (p[2] == "*" || p[2] == w[2]) {
			return true
		}
	}
	return false
}

const importPath = "/api/v2/externalcontacts/import"

// Header is one header an upload URL must be sent with.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Upload is where to send a file.
type Upload struct {
	ID      string   `json:"uploadId"`
	URL     string   `json:"uploadUrl"`
	Headers []Header `json:"uploadHeaders"`
}

// CreateUpload announces a file of size bytes and returns where to send it.
func (c *Client) CreateUpload(ctx context.Context, token, fileName string, size int64) (Upload, error) {
	var u Upload
	err := c.call(ctx, request{op: "create upload", method: http.MethodPost, url: c.api(importPath + "/csv/uploads"), token: token,
		permissions: []string{"externalContacts:importCsvUpload:add"},
		json:        map[string]any{"fileName": fileName, "fileSize": size}}, &u)
	return u, err
}

// PutFile sends the file to an upload's URL, Genesys' storage (presigned).
func (c *Client) PutFile(ctx context.Context, u Upload, data []byte) error {
	const op = "upload file"
	if err := c.presigned(op, u.URL); err != nil {
		return err
	}
	h := http.Header{}
	for _, x := range u.Headers {
		h.Set(x.Name, x.Value)
	}
	contentType := h.Get("Content-Type")
	h.Del("Content-Type")
	if data == nil {
		data = []byte{}
	}
	return c.call(ctx, request{op: op, method: http.MethodPut, url: u.URL, body: data, contentType: contentType, header: h}, nil)
}

// Validation is what Genesys found checking an uploaded file.
type Validation struct {
	SeparatorValid    bool `json:"separatorValid"`
	FileEncodingValid bool `json:"fileEncodingValid"`
	Errors            []struct {
		LineNumber int `json:"lineNumber"`
	} `json:"errors"`
}

// UploadDetails returns Genesys' check of an uploaded file.
func (c *Client) UploadDetails(ctx context.Context, token, uploadID string) (Validation, error) {
	var d struct {
		ValidationResult Validation `json:"validationResult"`
	}
	err := c.call(ctx, request{op: "read upload details", method: http.MethodGet,
		url: c.api(importPath+"/csv/uploads/%s/details", uploadID), token: token,
		permissions: []string{"externalContacts:importCsvUpload:view"}}, &d)
	return d.ValidationResult, err
}

// ImportSettings say how imported rows meet existing contacts.
type ImportSettings struct {
	Name             string        `json:"name"`
	MatchingCriteria []string      `json:"matchingCriteria"`
	MergeContacts    bool          `json:"mergeContacts"`
	ExternalSourceID string        `json:"externalSourceId"`
	ImportFields     []ImportField `json:"importFields"`
}

// ImportField includes or leaves out one field.
type ImportField struct {
	Name     string `json:"name"`
	Included bool   `json:"included"`
}

// CreateImportSettings creates import settings and returns their id. s.Name must be
// unique to what the settings say: after an ambiguous failure, settings of that name
// are looked up and taken instead of made again.
func (c *Client) CreateImportSettings(ctx context.Context, token string, s ImportSettings) (string, error) {
	var id string
	err := c.createOnce(ctx, func() error {
		var out struct {
			ID string `json:"id"`
		}
		err := c.call(ctx, request{op: "create import settings", method: http.MethodPost, url: c.api(importPath + "/settings"), token: token, json: s,
			permissions: []string{"externalContacts:importSettings:add"}, create: true}, &out)
		id = out.ID
		return err
	}, func() (bool, error) {
		var out struct {
			Entities []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"entities"`
		}
		err := c.call(ctx, request{op: "look up import settings", method: http.MethodGet,
			url: c.api(importPath+"/settings?pageSize=200&name=") + url.QueryEscape(s.Name), token: token,
			permissions: []string{"externalContacts:importSettings:viewAll"}}, &out)
		for _, e := range out.Entities {
			if e.Name == s.Name {
				id = e.ID
				return true, err
			}
		}
		return false, err
	})
	return id, err
}

// Mapping sends a file column to a contact field (a JSON path such as workPhone.display).
type Mapping struct {
	SourceField string `json:"sourceField"`
	TargetField string `json:"targetField"`
}

// CSVSettings say which file column fills which field, under import settings.
type CSVSettings struct {
	ID                 string    `json:"id,omitempty"`
	ExternalSettingsID string    `json:"externalSettingsId"`
	Mappings           []Mapping `json:"mappings"`
}

// CreateCSVSettings creates CSV settings and returns their id. After an ambiguous
// failure, CSV settings under s.ExternalSettingsID are looked up and taken instead:
// this function makes one per import settings, which are unique to their mappings.
func (c *Client) CreateCSVSettings(ctx context.Context, token string, s CSVSettings) (string, error) {
	var id string
	err := c.createOnce(ctx, func() error {
		var out struct {
			ID string `json:"id"`
		}
		err := c.call(ctx, request{op: "create CSV settings", method: http.MethodPost, url: c.api(importPath + "/csv/settings"), token: token, json: s,
			permissions: []string{"externalContacts:importCsvSettings:add"}, create: true}, &out)
		id = out.ID
		return err
	}, func() (bool, error) {
		var out struct {
			Entities []CSVSettings `json:"entities"`
		}
		err := c.call(ctx, request{op: "look up CSV settings", method: http.MethodGet,
			url: c.api(importPath+"/csv/settings?externalSettingsId=%s", s.ExternalSettingsID), token: token,
			permissions: []string{"externalContacts:importCsvSettings:view"}}, &out)
		for _, e := range out.Entities {
			if e.ExternalSettingsID == s.ExternalSettingsID {
				id = e.ID
				return true, err
			}
		}
		return false, err
	})
	return id, err
}

// CSVSettingsByID reads CSV settings, to learn whether settings made earlier still exist.
func (c *Client) CSVSettingsByID(ctx context.Context, token, id string) (CSVSettings, error) {
	var s CSVSettings
	err := c.call(ctx, request{op: "read CSV settings", method: http.MethodGet, url: c.api(importPath+"/csv/settings/%s", id), token: token,
		permissions: []string{"externalContacts:importCsvSettings:view"}}, &s)
	return s, err
}

// CreateJob starts importing an uploaded file with CSV settings; Genesys first runs a
// dry run. division may be empty (the org's default). fileName is the upload's: after
// an ambiguous failure, a job of these settings and that file created since the first
// try is looked up and taken instead of made again.
func (c *Client) CreateJob(ctx context.Context, token, uploadID, settingsID, division, fileName string) (string, error) {
	const op = "create import job"
	body := map[string]any{"uploadId": uploadID, "settingsId": settingsID}
	if division != "" {
		body["division"] = map[string]string{"id": division}
	}
	// Genesys' clock and ours differ; a minute's slack still tells this sending's job
	// from one made by an earlier sending of the same file.
	since := time.Now().Add(-time.Minute)
	var id string
	err := c.createOnce(ctx, func() error {
		var out struct {
			Job struct {
				ID string `json:"id"`
			} `json:"job"`
		}
		err := c.call(ctx, request{op: op, method: http.MethodPost, url: c.api(importPath + "/csv/jobs"), token: token, json: body,
			permissions: []string{"externalContacts:importCsvJob:add"}, create: true}, &out)
		if err == nil && out.Job.ID == "" {
			err = &Error{Op: op, Status: http.StatusOK, Code: "no.job.id", Attempts: 1}
		}
		id = out.Job.ID
		return err
	}, func() (bool, error) {
		var out struct {
			Entities []struct {
				Job
				DateCreated time.Time `json:"dateCreated"`
				Settings    struct {
					ID string `json:"id"`
				} `json:"settings"`
			} `json:"entities"`
		}
		err := c.call(ctx, request{op: "look up import jobs", method: http.MethodGet,
			url: c.api(importPath + "/jobs?sortOrder=Descending&pageSize=100"), token: token,
			permissions: []string{"externalContacts:importJob:viewAll"}}, &out)
		for _, j := range out.Entities {
			if j.Settings.ID == settingsID && j.Metadata.FileName == fileName && j.DateCreated.After(since) {
				id = j.ID
				return true, err
			}
		}
		return false, err
	})
	return id, err
}

// Job statuses and execution steps, as Genesys spells them.
const (
	StatusCreated   = "Created"
	StatusRunning   = "Running"
	StatusCompleted = "Completed"
	StatusFailed    = "Failed"
	StatusCancelled = "Cancelled"

	StepValidating = "Validating"
	StepValidated  = "Validated"
	StepImporting  = "Importing"
)

// Job is an import job's state.
type Job struct {
	ID            string      `json:"id"`
	Status        string      `json:"status"`
	StatusDetails string      `json:"statusDetails"`
	ExecutionStep string      `json:"executionStep"`
	Metadata      JobMetadata `json:"metadata"`
}

// JobMetadata holds a job's counts; a count is nil until Genesys has it.
type JobMetadata struct {
	FileName                string `json:"fileName"`
	DryRunSuccessCount      *int   `json:"dryRunSuccessCount"`
	DryRunFailedCount       *int   `json:"dryRunFailedCount"`
	DryRunReportDownloadURL string `json:"dryRunReportDownloadUrl"`
	ImportSuccessCount      *int   `json:"importSuccessCount"`
	ImportFailedCount       *int   `json:"importFailedCount"`
	ImportReportDownloadURL string `json:"importReportDownloadUrl"`
}

// DryRunDone reports whether the job waits for Continue or Cancel, or has ended.
func (j Job) DryRunDone() bool {
	return j.Status != StatusCreated && (j.Status != StatusRunning || j.ExecutionStep != StepValidating)
}

// Ended reports whether nothing more will happen to the job.
func (j Job) Ended() bool {
	return j.Status == StatusCompleted || j.Status == StatusFailed || j.Status == StatusCancelled
}

// Job reads an import job.
func (c *Client) Job(ctx context.Context, token, id string) (Job, error) {
	var j Job
	err := c.call(ctx, request{op: "read import job", method: http.MethodGet, url: c.api(importPath+"/jobs/%s", id), token: token,
		permissions: []string{"externalContacts:importJob:view"}}, &j)
	return j, err
}

// Job decisions after the dry run.
const (
	Continue = "Continue"
	Cancel   = "Cancel"
)

// UpdateJob moves a job on after its dry run: Continue or Cancel.
func (c *Client) UpdateJob(ctx context.Context, token, id, status string) error {
	return c.call(ctx, request{op: "update import job", method: http.MethodPut, url: c.api(importPath+"/jobs/%s", id), token: token,
		json: map[string]string{"jobId": id, "status": status}, permissions: []string{"externalContacts:importJob:edit"}}, nil)
}
